/** At startup: was tocsin down, and if so, the gathering that turns the storm after it into digests. */
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Db } from '../../store/schema.js';
import { listStates } from '../../store/state.js';
import { decodeNotice } from '../../engine/restart-notice.js';
import { DowntimeGathering } from './gather.js';
import { releaseHeld } from './release.js';
import { detectDowntime, digestWindow } from './window.js';

export interface GatheringStart {
  db: Db;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Intervals of the polled monitors about to be scheduled. */
  intervals: readonly number[];
  onFolded(): void;
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
  return new DowntimeGathering({ db: s.db, clock: s.clock, logger: s.logger, window, onFolded: s.onFolded });
}
