import { firstCheckWindow, firstDue, nextSlot, phaseOffset, settledSlot } from '../core/schedule.js';
import type { Clock } from '../lib/clock.js';
import { MinHeap } from './heap.js';
import { timersOf, type Timers } from './timers.js';

/**
 * Wake-ups fall on a grid of this many milliseconds. With a timer for each due time, 1,000 checks a
 * second woke the engine's thread (and the check thread after it) about once a millisecond, and each
 * wake-up of an idle thread costs tens of microseconds of CPU; on the grid the checks due within one
 * tick start together, at most TICK_MS late.
 */
export const TICK_MS = 10;

export interface Schedulable {
  id: string;
  interval: number;
  /** The monitor's latest result before it was scheduled (a restart), if any. */
  lastResultAt?: number | undefined;
  /** Run no later than this (or at once when past): a monitor taken over from a dead instance is not spread over the first-check window. */
  dueBy?: number | undefined;
  /**
   * Handed over this many ms before each slot, with the slot it is for: a check thread holds the run
   * and starts it on the slot itself, so a busy engine thread (a major GC) makes no check late.
   */
  lead?: number | undefined;
}

interface Entry {
  readonly id: string;
  readonly interval: number;
  readonly offset: number;
  due: number;
  lead: number;
  /** Its first run is off its stable slot (core/schedule.ts firstDue); the run after it settles there. */
  settling: boolean;
  /** Where it is in the heap: each monitor is there once, moved in place when its due time changes. */
  position: number;
}

export interface SchedulerEvents {
  /** The monitor is due at `due`; `missed` slots passed unnoticed (event loop blocked). */
  due(id: string, due: number, missed: number): void;
}

/**
 * One timer for all monitors: a heap of due times, woken for the earliest.
 * Slots are stable per monitor (see core/schedule.ts); a monitor just added is
 * checked within a few seconds first. Lag is measured by the caller when the
 * check actually starts.
 */
export class Scheduler {
  private readonly heap = new MinHeap<Entry>(
    (e) => e.due - e.lead,
    (e, position) => (e.position = position),
  );
  private readonly entries = new Map<string, Entry>();
  private cancel: (() => void) | undefined;
  private wakeAt = Infinity;
  private running = false;
  private readonly clock: Timers;

  constructor(
    clock: Clock | Timers,
    private readonly events: SchedulerEvents,
  ) {
    this.clock = timersOf(clock);
  }

  /** Replace the set of scheduled monitors; unchanged ones keep their next slot. */
  set(monitors: readonly Schedulable[]): void {
    const wanted = new Map(monitors.map((m) => [m.id, m]));
    for (const [id, entry] of this.entries) {
      const next = wanted.get(id);
      // A removed entry stays in the heap until it comes up; it is no longer the monitor's then.
      if (!next || next.interval !== entry.interval) this.entries.delete(id);
      else if ((next.lead ?? 0) !== entry.lead) {
        entry.lead = next.lead ?? 0;
        this.heap.update(entry.position);
      }
    }
    const now = this.clock.now();
    const added = monitors.filter((m) => !this.entries.has(m.id));
    const window = firstCheckWindow(added.length);
    for (const monitor of added) {
      const offset = phaseOffset(monitor.id, monitor.interval);
      const planned = firstDue(monitor.id, monitor.interval, now, monitor.lastResultAt, window);
      const first = monitor.dueBy !== undefined && monitor.dueBy < planned.due ? { due: Math.max(now, monitor.dueBy), onSlot: false } : planned;
      const entry: Entry = {
        id: monitor.id,
        interval: monitor.interval,
        offset,
        due: first.due,
        lead: monitor.lead ?? 0,
        settling: !first.onSlot,
        position: -1,
      };
      this.entries.set(monitor.id, entry);
      this.heap.push(entry);
    }
    if (this.running) this.arm();
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
    this.wakeAt = Infinity;
  }

  /**
   * Runs the monitor once more at `at` (a retry after a failure, sooner than its next slot); the
   * run after it falls back on the monitor's stable slots.
   */
  retry(id: string, at: number): void {
    const entry = this.entries.get(id);
    if (!entry || at >= entry.due) return;
    entry.due = at;
    this.heap.update(entry.position);
    if (this.running) this.arm();
  }

  /** When each monitor runs next (for status displays). */
  nextDue(id: string): number | undefined {
    return this.entries.get(id)?.due;
  }

  get size(): number {
    return this.entries.size;
  }

  private arm(): void {
    const top = this.heap.peek();
    if (!top || !this.running) return;
    const at = Math.ceil((top.due - top.lead) / TICK_MS) * TICK_MS;
    if (at >= this.wakeAt && this.cancel) return;
    this.cancel?.();
    this.wakeAt = at;
    this.cancel = this.clock.after(at - this.clock.now(), () => this.fire());
  }

  private fire(): void {
    this.cancel = undefined;
    this.wakeAt = Infinity;
    const now = this.clock.now();
    for (let entry = this.heap.peek(); entry && entry.due - entry.lead <= now; entry = this.heap.peek()) {
      if (this.entries.get(entry.id) !== entry) {
        this.heap.pop();
        continue;
      }
      const due = entry.due;
      const missed = now > due ? Math.floor((now - due) / entry.interval) : 0;
      // The slot after the one handed over (which, with a lead, is still ahead).
      const ran = Math.max(now, due);
      entry.due = entry.settling ? settledSlot(ran, entry.interval, entry.offset) : nextSlot(ran, entry.interval, entry.offset);
      entry.settling = false;
      this.heap.update(entry.position);
      this.events.due(entry.id, due + missed * entry.interval, missed);
    }
    this.arm();
  }
}
