/**
 * Results of monitors that run in several locations (local and probe agents) meet here: each
 * location's latest result is kept, and the quorum (core/locations/quorum.ts) makes the one status
 * that alerting judges. The stored row carries the reporting location and the quorum's status and
 * words ("down from us-east-2 (…); up from eu-west, local").
 *
 * A result older than the staleness limit when it arrives (an agent replaying its buffer) is
 * history: it is stored with its own status and words, out of uptime, and decides nothing.
 *
 * Each location's latest result is also kept in the store (store/location-state.ts) and read back at
 * start, so after a restart the quorum weighs every location's last word at once. It is written when
 * the location's status changes, and otherwise once its stored time trails by 1.5 intervals: the
 * stored time is then at most one interval behind, so a location that was reporting reads as fresh
 * after a restart shorter than the staleness grace (30 s), and half the results cost no write.
 *
 * Several instances (docs/agents.md): only the holder of a monitor judges it. An instance that takes
 * an agent's result for a monitor it does not hold stores the row and the location state (every time:
 * the holder reads them) and judges nothing; the holder reads the location states the others wrote
 * in its lease turn (catchUp) and weighs them like results of its own.
 */
import { decideQuorum, isLocalOnly, LOCAL, LOCATION_GRACE_MS, staleAfter, type LocationResult, type LocationView } from '../core/locations/quorum.js';
import type { RecordedResult } from '../engine/engine.js';
import type { Clock } from '../lib/clock.js';
import type { MonitorConfig } from '../schema/config.js';
import type { LocationStateRow } from '../store/location-state.js';

export interface LocationResultsDeps {
  clock: Clock;
  monitor(id: string): MonitorConfig | undefined;
  /** The live path: alerting, then the store. */
  record(recorded: RecordedResult): void;
  /** The history path: stored, judged by nobody. */
  history(recorded: RecordedResult): void;
  /** Cluster mode: whether this instance judges the monitor (holds its lease); absent, it judges all. */
  holds?(monitorId: string): boolean;
  /** A result of a monitor another instance holds: stored (with the quorum as seen here), judged by its holder. */
  unjudged?(recorded: RecordedResult): void;
  /** Where each location's latest result outlives the process; absent: memory only. */
  store?: LocationStateStore;
  warn?(message: string): void;
}

export interface LocationStateStore {
  read(): Promise<Map<string, Map<string, LocationResult>>>;
  save(rows: readonly LocationStateRow[]): Promise<void>;
  /** Rows written after `since` (epoch ms), in the order written, at most `limit`. */
  since?(since: number, limit: number): Promise<Array<LocationStateRow & { writtenAt: number }>>;
  /** The rows of these monitors. */
  of?(monitorIds: readonly string[]): Promise<LocationStateRow[]>;
  forget(monitorIds: readonly string[]): Promise<void>;
}

export { LOCATION_GRACE_MS };
/** A location whose status holds is written again once its stored time trails by this many intervals. */
const REFRESH_INTERVALS = 1.5;
/** Rows written this long before the last look are read again: commits land out of order, and clocks differ a little. */
export const CATCH_UP_MARGIN_MS = 5_000;
/** Rows read per catch-up; more wait for the next turn. */
const CATCH_UP_LIMIT = 5_000;

export class LocationResults {
  private readonly latest = new Map<string, Map<string, LocationResult>>();
  /** What the store holds, by monitor then location: decides whether a result needs writing. */
  private readonly saved = new Map<string, Map<string, LocationResult>>();
  private readonly pending = new Map<string, LocationStateRow>();
  private writing: Promise<void> | undefined;
  /** Rows written after this (the writers' clocks) are not yet read by catchUp. */
  private cursor: number | undefined;

  constructor(private readonly deps: LocationResultsDeps) {}

  /** Seeds each location's latest result from the store; results already seen here are newer and stay. */
  async load(): Promise<void> {
    if (!this.deps.store) return;
    for (const [monitorId, stored] of await this.deps.store.read()) {
      const places = this.latest.get(monitorId) ?? new Map<string, LocationResult>();
      this.latest.set(monitorId, places);
      this.saved.set(monitorId, new Map(stored));
      for (const [location, result] of stored) {
        const seen = places.get(location);
        if (!seen || seen.at < result.at) places.set(location, result);
      }
    }
  }

  /** Resolves once the writes asked for so far are done (or failed and were logged). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  accept(recorded: RecordedResult): void {
    const monitor = this.deps.monitor(recorded.monitorId);
    const location = recorded.location ?? LOCAL;
    if (!monitor || isLocalOnly(monitor.locations)) {
      // A monitor of one place: nothing to weigh (and an agent's result for a monitor no longer its own is history).
      if (location === LOCAL) this.deps.record(recorded);
      else this.deps.history({ ...recorded, excluded: true });
      return;
    }
    const now = this.deps.clock.now();
    const places = this.latest.get(monitor.id) ?? new Map<string, LocationResult>();
    this.latest.set(monitor.id, places);
    const previous = places.get(location);
    const tooOld = now - recorded.at > staleAfter(monitor.interval, LOCATION_GRACE_MS);
    if (!monitor.locations!.includes(location) || tooOld || (previous && previous.at > recorded.at)) {
      const result = { ...recorded.result, message: `from ${location}: ${recorded.result.message}` };
      this.deps.history({ ...recorded, result, location, excluded: true });
      return;
    }
    const latest = { status: recorded.result.status, at: recorded.at, message: recorded.result.message };
    places.set(location, latest);
    const judged = this.deps.holds?.(monitor.id) !== false;
    // The holder reads what others store: a result here for a monitor held elsewhere is always written.
    this.remember(monitor, location, latest, !judged);
    const decision = decide(monitor, places, now);
    const decided = { ...recorded, location, result: { ...recorded.result, status: decision.status, message: decision.message } };
    if (judged || !this.deps.unjudged) this.deps.record(decided);
    else this.deps.unjudged(decided);
  }

  /**
   * Reads the location states other instances wrote since the last look (bounded), and weighs the
   * newer ones of the monitors this instance holds: an agent may post to any instance. Called in the
   * lease turn; the first call only sets where to read from.
   */
  async catchUp(): Promise<void> {
    const store = this.deps.store;
    if (!store?.since) return;
    const now = this.deps.clock.now();
    if (this.cursor === undefined) {
      this.cursor = now - CATCH_UP_MARGIN_MS;
      return;
    }
    const rows = await store.since(this.cursor, CATCH_UP_LIMIT);
    // A full page: the next turn reads on from its last row; else from this look, less the margin.
    this.cursor = rows.length === CATCH_UP_LIMIT ? rows.at(-1)!.writtenAt - 1 : Math.max(this.cursor, now - CATCH_UP_MARGIN_MS);
    this.take(rows, true);
  }

  /** Monitors newly held start from each location's stored row when it is newer than what was seen here. */
  async takeOver(monitorIds: readonly string[]): Promise<void> {
    const store = this.deps.store;
    const ids = monitorIds.filter((id) => !isLocalOnly(this.deps.monitor(id)?.locations));
    if (!store?.of || ids.length === 0) return;
    this.take(await store.of(ids), false);
  }

  /** Stored rows: newer ones replace what was seen; with `judge`, those of held monitors are weighed. */
  private take(rows: readonly LocationStateRow[], judge: boolean): void {
    const now = this.deps.clock.now();
    for (const row of [...rows].sort((a, b) => a.at - b.at)) {
      const monitor = this.deps.monitor(row.monitorId);
      if (!monitor || isLocalOnly(monitor.locations) || !monitor.locations!.includes(row.location)) continue;
      const places = this.latest.get(monitor.id) ?? new Map<string, LocationResult>();
      this.latest.set(monitor.id, places);
      const seen = places.get(row.location);
      if (seen && seen.at >= row.at) continue;
      const latest = { status: row.status, at: row.at, message: row.message };
      places.set(row.location, latest);
      const saved = this.saved.get(monitor.id) ?? new Map<string, LocationResult>();
      this.saved.set(monitor.id, saved);
      saved.set(row.location, latest);
      // Local results are the holder's own; a newer local row was its previous holder's.
      if (!judge || row.location === LOCAL || this.deps.holds?.(monitor.id) === false) continue;
      if (now - row.at > staleAfter(monitor.interval, LOCATION_GRACE_MS)) continue;
      const decision = decide(monitor, places, now);
      // The row itself was stored by the instance that took it (same monitor, time and location: this one is dropped).
      this.deps.record({
        monitorId: monitor.id,
        at: row.at,
        missed: 0,
        location: row.location,
        result: { status: decision.status, message: decision.message, latencyMs: 0, timings: {} },
      });
    }
  }

  /** Each location's view of a multi-location monitor now; undefined for a monitor of one place. */
  views(monitorId: string): LocationView[] | undefined {
    const monitor = this.deps.monitor(monitorId);
    if (!monitor || isLocalOnly(monitor.locations)) return undefined;
    return decide(monitor, this.latest.get(monitorId) ?? new Map<string, LocationResult>(), this.deps.clock.now()).locations;
  }

  /** Forgets monitors no longer defined, here and in the store. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.latest.keys()) if (!ids.has(id)) this.latest.delete(id);
    const gone = [...this.saved.keys()].filter((id) => !ids.has(id));
    if (gone.length === 0 || !this.deps.store) return;
    for (const id of gone) this.saved.delete(id);
    this.deps.store.forget(gone).catch((error: unknown) => this.deps.warn?.(`stale location states could not be deleted: ${String(error)}`));
  }

  private remember(monitor: MonitorConfig, location: string, latest: LocationResult, always = false): void {
    if (!this.deps.store) return;
    const saved = this.saved.get(monitor.id)?.get(location);
    if (!always && saved && saved.status === latest.status && latest.at - saved.at < REFRESH_INTERVALS * monitor.interval) return;
    this.pending.set(`${monitor.id}\n${location}`, { monitorId: monitor.id, location, ...latest });
    this.writing ??= this.write(this.deps.store);
  }

  /** One write at a time, each taking every row asked for meanwhile. */
  private async write(store: LocationStateStore): Promise<void> {
    while (this.pending.size > 0) {
      const rows = [...this.pending.values()];
      this.pending.clear();
      try {
        await store.save(rows);
        for (const row of rows) {
          const places = this.saved.get(row.monitorId) ?? new Map<string, LocationResult>();
          this.saved.set(row.monitorId, places);
          places.set(row.location, { status: row.status, at: row.at, message: row.message });
        }
      } catch (error) {
        // Not marked saved: the next result of each location asks again.
        this.deps.warn?.(`the latest results of ${rows.length} monitor locations could not be stored: ${String(error)}`);
      }
    }
    this.writing = undefined;
  }
}

function decide(monitor: MonitorConfig, latest: ReadonlyMap<string, LocationResult>, now: number) {
  return decideQuorum({
    locations: monitor.locations!,
    quorum: monitor.quorum ?? 'any',
    latest,
    intervalMs: monitor.interval,
    graceMs: LOCATION_GRACE_MS,
    now,
  });
}
