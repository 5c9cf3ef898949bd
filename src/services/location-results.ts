/**
 * Results of monitors that run in several locations (local and probe agents) meet here: each
 * location's latest result is kept, and the quorum (core/locations/quorum.ts) makes the one status
 * that alerting judges. The stored row carries the reporting location and the quorum's status and
 * words ("down from us-east-2 (…); up from eu-west, local").
 *
 * A result older than the staleness limit when it arrives (an agent replaying its buffer) is
 * history: it is stored with its own status and words, out of uptime, and decides nothing.
 */
import { decideQuorum, isLocalOnly, LOCAL, staleAfter, type LocationResult, type LocationView } from '../core/locations/quorum.js';
import type { RecordedResult } from '../engine/engine.js';
import type { Clock } from '../lib/clock.js';
import type { MonitorConfig } from '../schema/config.js';

export interface LocationResultsDeps {
  clock: Clock;
  monitor(id: string): MonitorConfig | undefined;
  /** The live path: alerting, then the store. */
  record(recorded: RecordedResult): void;
  /** The history path: stored, judged by nobody. */
  history(recorded: RecordedResult): void;
}

/** Grace on top of twice the interval before a quiet location counts as unknown: an agent's batch and poll delays. */
export const LOCATION_GRACE_MS = 30_000;

export class LocationResults {
  private readonly latest = new Map<string, Map<string, LocationResult>>();

  constructor(private readonly deps: LocationResultsDeps) {}

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
    places.set(location, { status: recorded.result.status, at: recorded.at, message: recorded.result.message });
    const decision = decideQuorum({
      locations: monitor.locations!,
      quorum: monitor.quorum ?? 'any',
      latest: places,
      intervalMs: monitor.interval,
      graceMs: LOCATION_GRACE_MS,
      now,
    });
    this.deps.record({ ...recorded, location, result: { ...recorded.result, status: decision.status, message: decision.message } });
  }

  /** Each location's view of a multi-location monitor now; undefined for a monitor of one place. */
  views(monitorId: string): LocationView[] | undefined {
    const monitor = this.deps.monitor(monitorId);
    if (!monitor || isLocalOnly(monitor.locations)) return undefined;
    const places = this.latest.get(monitorId) ?? new Map<string, LocationResult>();
    const decision = decideQuorum({
      locations: monitor.locations!,
      quorum: monitor.quorum ?? 'any',
      latest: places,
      intervalMs: monitor.interval,
      graceMs: LOCATION_GRACE_MS,
      now: this.deps.clock.now(),
    });
    return decision.locations;
  }

  /** Forgets monitors no longer defined. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.latest.keys()) if (!ids.has(id)) this.latest.delete(id);
  }
}
