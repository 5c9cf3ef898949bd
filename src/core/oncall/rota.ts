/**
 * Who is on call: the layers laid one over another (a later layer wins for the hours it covers),
 * overrides over all of them, adjacent stretches of one person from one source joined. Pure: every
 * function takes the instants it needs; nothing reads a clock.
 */
import { layerShifts } from './layer.js';
import type { Rota, Shift } from './types.js';

const DAY = 86_400_000;
/** How far `onCallAt` and `nextHandoff` look: a year covers any shift length the schema accepts. */
export const LOOKAHEAD = 366 * DAY;

/** The stretches of on-call in [from, to), in order, never overlapping. Hours nobody covers are absent. */
export function shiftsBetween(rota: Rota, from: number, to: number): Shift[] {
  if (from >= to) return [];
  // Priority is the position: layers in order, then overrides, each later one winning.
  const pieces: Shift[][] = [
    ...rota.layers.map((layer) => layerShifts(layer, rota.timeZone, from, to)),
    ...rota.overrides
      .filter((o) => o.end > from && o.start < to)
      .map((o) => [{ start: Math.max(o.start, from), end: Math.min(o.end, to), person: o.person, source: 'override', ...(o.reason && { reason: o.reason }) }]),
  ];
  const cuts = [...new Set(pieces.flat().flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const cursors = pieces.map(() => 0);
  const result: Shift[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    let winner: Shift | undefined;
    pieces.forEach((shifts, p) => {
      while (cursors[p]! < shifts.length && shifts[cursors[p]!]!.end <= start) cursors[p]!++;
      const shift = shifts[cursors[p]!];
      if (shift && shift.start <= start) winner = shift;
    });
    if (!winner) continue;
    const previous = result[result.length - 1];
    if (previous && previous.end === start && previous.person === winner.person && previous.source === winner.source && previous.reason === winner.reason) {
      previous.end = end;
    } else {
      result.push({ ...winner, start, end });
    }
  }
  return result;
}

/** The shift covering `at` (its start and end as far as `LOOKAHEAD` either side), or undefined when nobody covers it. */
export function onCallAt(rota: Rota, at: number, around = longestShift(rota)): Shift | undefined {
  return shiftsBetween(rota, at - around, at + around).find((s) => s.start <= at && at < s.end);
}

export interface Handoff {
  at: number;
  from?: Shift;
  to?: Shift;
}

/** The first instant after `now` at which the person on call changes (someone takes over, or cover starts or stops). */
export function nextHandoff(rota: Rota, now: number, within = LOOKAHEAD): Handoff | undefined {
  const step = 2 * longestShift(rota);
  let current = onCallAt(rota, now);
  let edge = now;
  const handoff = (at: number): Handoff => {
    const next = onCallAt(rota, at);
    return { at, ...(current && { from: current }), ...(next && { to: next }) };
  };
  // A window a few shifts long at a time, so a long-lived schedule costs a few shifts, not a year of them.
  for (let from = now; from < now + within; from += step) {
    const until = Math.min(from + step, now + within);
    for (const shift of shiftsBetween(rota, from, until)) {
      if (shift.start > now && (!current || shift.start > edge)) return handoff(current ? edge : shift.start);
      if (current && shift.person !== current.person) return handoff(shift.start);
      current = current ? { ...current, end: shift.end } : shift;
      edge = shift.end;
    }
    // The one on call stops before the window ends, and nobody follows.
    if (current && edge < until) return handoff(edge);
  }
  return undefined;
}

function longestShift(rota: Rota): number {
  return Math.max(DAY, ...rota.layers.map((l) => (l.days + 1) * DAY), ...rota.overrides.map((o) => Math.min(o.end - o.start, LOOKAHEAD) + DAY));
}
