/** At startup: was tocsin down, and if so, the gathering that turns the storm after it into digests. */
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Db } from '../../store/schema.js';
import { releaseLeases } from '../../store/leases.js';
import { DIGEST_LEASE, shareDigestWindow } from '../../store/cluster.js';
import { listStates } from '../../store/state.js';
import { decodeNotice } from '../../engine/restart-notice.js';
import { DowntimeGathering } from './gather.js';
import { releaseHeld } from './release.js';
import { detectDowntime, digestWindow, FOLD_MARGIN_MS, type DigestWindow } from './window.js';

export interface GatheringStart {
  db: Db;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Intervals of the polled monitors about to be scheduled. */
  intervals: readonly number[];
  onFolded(): void;
  /** Cluster mode: this instance's name; the instances starting together gather one digest (store/cluster.ts). */
  instance?: string;
}

export async function gatheringAfterDowntime(s: GatheringStart): Promise<DowntimeGathering> {
  const states = await listStates(s.db);
  const lastResultAt = states.reduce<number | undefined>((newest, state) => Math.max(newest ?? state.lastAt, state.lastAt), undefined);
  const notice = decodeNotice(s.env);
  if (notice?.cameBack) {
    const released = await releaseHeld(s.db, s.clock.now());
    s.logger.warn(
      { restarts: notice.restarts, released },
      `restart ${notice.restarts} in a row: no downtime digest this time (the first comeback of this outage had it); state changes go out as they happen${released > 0 ? `, and ${released} held by the engine before go now` : ''}`,
    );
  }
  const downtime = detectDowntime({ notice, lastResultAt, startedAt: s.clock.now(), intervals: s.intervals });
  const window = downtime && digestWindow(downtime, s.intervals);
  if (s.instance === undefined) return new DowntimeGathering({ db: s.db, clock: s.clock, logger: s.logger, window, onFolded: s.onFolded });
  return inCluster(s, s.instance, window, lastResultAt);
}

/**
 * In a cluster the first instance to find a downtime gathers for all: the others hold their
 * notifications to its instant (even one that started after its results made the store look
 * fresh), and only it folds them, so each channel gets one digest, not one per instance.
 */
async function inCluster(s: GatheringStart, name: string, own: DigestWindow | undefined, lastResultAt: number | undefined): Promise<DowntimeGathering> {
  const now = s.clock.now();
  const shared = await shareDigestWindow(s.db, name, own?.heldAt, now);
  const base = { db: s.db, clock: s.clock, logger: s.logger, onFolded: s.onFolded };
  if (shared?.holder === name && own) return new DowntimeGathering({ ...base, window: own, release: () => releaseLeases(s.db, name, [DIGEST_LEASE]) });
  if (!shared || shared.heldAt <= now) return new DowntimeGathering({ ...base, window: undefined });
  const followed = {
    ...(own ?? { downSince: lastResultAt ?? now, backAt: now, reason: 'tocsin was not running' }),
    until: shared.heldAt - FOLD_MARGIN_MS,
    heldAt: shared.heldAt,
  };
  return new DowntimeGathering({ ...base, window: followed, foldedBy: shared.holder });
}
