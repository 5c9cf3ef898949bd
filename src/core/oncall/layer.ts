/**
 * One layer's shifts in a range. Shift k starts on local date `start + k × days` at the hand-off
 * wall time (zone.ts says what happens when that time is skipped or repeated) and ends where shift
 * k+1 starts, so consecutive shifts always meet: no gap and no overlap, whatever the clocks do.
 */
import type { ActiveHours, Layer, Shift } from './types.js';
import { instantOf, wallOf, weekdayOf } from './zone.js';

export function layerShifts(layer: Layer, timeZone: string, from: number, to: number): Shift[] {
  if (layer.members.length === 0 || from >= to) return [];
  const begin = (k: number) => instantOf(timeZone, layer.start + k * layer.days, layer.handoff);
  const first = begin(0);
  if (first >= to) return [];
  // An estimate a shift early (a shift is ≥ 1 day and DST moves a hand-off by less), then walk.
  let k = Math.max(0, Math.floor((from - first) / (layer.days * 86_400_000)) - 1);
  while (begin(k + 1) <= from) k++;
  const shifts: Shift[] = [];
  for (let start = begin(k); start < to; k++) {
    const end = begin(k + 1);
    if (end > from) shifts.push({ start: Math.max(start, from), end: Math.min(end, to), person: layer.members[k % layer.members.length]!, source: layer.name });
    start = end;
  }
  return layer.active ? clip(shifts, activeIntervals(layer.active, timeZone, from, to)) : shifts;
}

/** The layer's active hours as instants in [from, to), merged and in order. */
export function activeIntervals(hours: ActiveHours[], timeZone: string, from: number, to: number): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  // A window may start the local day before `from` and run past midnight into it.
  const last = wallOf(timeZone, to).day;
  for (let day = wallOf(timeZone, from).day - 1; day <= last; day++) {
    for (const window of hours) {
      if (!window.days.includes(weekdayOf(day))) continue;
      const endDay = window.to <= window.from ? day + 1 : day;
      const start = instantOf(timeZone, day, window.from);
      const end = window.to === 1440 ? instantOf(timeZone, endDay + 1, 0) : instantOf(timeZone, endDay, window.to);
      if (end > from && start < to) intervals.push([Math.max(start, from), Math.min(end, to)]);
    }
  }
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of intervals) {
    const previous = merged[merged.length - 1];
    if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function clip(shifts: Shift[], intervals: Array<[number, number]>): Shift[] {
  const clipped: Shift[] = [];
  for (const shift of shifts) {
    for (const [start, end] of intervals) {
      const s = Math.max(start, shift.start);
      const e = Math.min(end, shift.end);
      if (s < e) clipped.push({ ...shift, start: s, end: e });
    }
  }
  return clipped;
}
