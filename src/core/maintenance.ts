/**
 * Which monitors are in planned maintenance at `now`. A window is one-off (`start` + `duration`) or
 * recurring: it opens at each occurrence of the cron `schedule`, read in `tz`, from `start` on, and
 * lasts `duration` of real time. Pure: the time is an argument.
 *
 * Daylight-saving time follows croner, as the heartbeat schedule does: a fixed-time pattern whose
 * wall-clock time falls into a spring-forward gap opens at the first instant after the gap, and
 * one whose time repeats at fall-back opens once. The duration is absolute, so a 2h window is two
 * real hours even when the clocks change inside it.
 *
 * One window never stops the others: `maintenanceAt` and `upcomingWindows` evaluate each window on
 * its own, and one that throws (a definition stored before its schedule was refused) is set aside
 * and named, so every other window still holds its monitors and every other monitor still pages.
 */
import type { MaintenanceConfig } from '../schema/maintenance.js';
import { cronOf } from './cron.js';

export interface OpenWindow {
  name: string;
  /** Epoch ms. */
  start: number;
  end: number;
  monitors: string[];
  /** Opened by "silence for …" rather than planned. */
  silence?: boolean;
}

type Window = Pick<MaintenanceConfig, 'name' | 'start' | 'duration' | 'schedule' | 'tz' | 'monitors' | 'silence'>;

/** The occurrence of `window` open at `now` (the latest one when occurrences overlap), if any. */
export function openWindow(window: Window, now: number): OpenWindow | undefined {
  const start = latestStartAtOrBefore(window, now);
  if (start === undefined || now >= start + window.duration) return undefined;
  return { name: window.name, start, end: start + window.duration, monitors: window.monitors, ...(window.silence && { silence: true }) };
}

export interface BrokenWindow {
  name: string;
  problem: string;
}

/** Why evaluating `window` fails, or undefined when it works: the trial a writer runs before storing it. */
export function windowProblem(window: Window, now: number): string | undefined {
  try {
    openWindow(window, now);
    startsBetween(window, now, Infinity, 1);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * Monitor id → the window that holds its notifications now; when several do, the one that ends last.
 * Windows that cannot be evaluated hold nothing and are listed in `broken`.
 */
export function maintenanceAt(windows: readonly Window[], now: number): { held: Map<string, OpenWindow>; broken: BrokenWindow[] } {
  const held = new Map<string, OpenWindow>();
  const broken: BrokenWindow[] = [];
  for (const window of windows) {
    let open: OpenWindow | undefined;
    try {
      open = openWindow(window, now);
    } catch (error) {
      broken.push({ name: window.name, problem: messageOf(error) });
      continue;
    }
    if (!open) continue;
    for (const id of open.monitors) {
      const known = held.get(id);
      if (!known || known.end < open.end) held.set(id, open);
    }
  }
  return { held, broken };
}

/** Occurrences opening in [from, until), soonest first, at most `limit`: for announcing windows ahead. A broken window has none. */
export function upcomingWindows(windows: readonly Window[], from: number, until: number, limit = 20): OpenWindow[] {
  const found: OpenWindow[] = [];
  for (const window of windows) {
    let starts: number[];
    try {
      starts = startsBetween(window, from, until, limit);
    } catch {
      continue;
    }
    for (const start of starts) found.push({ name: window.name, start, end: start + window.duration, monitors: window.monitors });
  }
  return found.sort((a, b) => a.start - b.start).slice(0, limit);
}

function latestStartAtOrBefore(window: Window, now: number): number | undefined {
  if (now < window.start) return undefined;
  if (window.schedule === undefined) return window.start;
  // croner includes a run earlier in the same second as the reference, so +1 ms makes `now` itself count.
  const [latest] = cronOf(window.schedule, window.tz).previousRuns(1, new Date(now + 1));
  const at = latest?.getTime();
  return at !== undefined && at >= window.start ? at : undefined;
}

function startsBetween(window: Window, from: number, until: number, limit: number): number[] {
  if (window.schedule === undefined) return window.start >= from && window.start < until ? [window.start] : [];
  const cron = cronOf(window.schedule, window.tz);
  const starts: number[] = [];
  // nextRun is strictly after its reference; step back 1 ms so a run exactly at the lower bound counts.
  let next = cron.nextRun(new Date(Math.max(from, window.start) - 1));
  while (next && next.getTime() < until && starts.length < limit) {
    starts.push(next.getTime());
    next = cron.nextRun(next);
  }
  return starts;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
