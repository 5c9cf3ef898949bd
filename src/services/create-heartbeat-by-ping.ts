/**
 * A ping to /ping/<ping-key>/<id>?create=1 creates its heartbeat monitor (Healthchecks' auto-provisioning)
 * through the same verb as POST /api/v1/monitors: authorized as the ping key, validated by the config's
 * schema, written with its audit row in one transaction, then picked up by the running engine. Only the
 * limit (server.ping_auto_create_limit) is its own.
 */
import type { Actor } from '../api/auth/access.js';
import { AUTO_CREATED_TAG } from '../checks/heartbeat/monitor.js';
import { TocsinError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { countAutoCreatedHeartbeats } from '../store/heartbeats.js';
import { createMonitor, type MonitorWriterDeps } from './monitors-api.js';

/** `limit`: as many monitors as allowed were already created by pings; nothing was created. */
export type PingCreateOutcome = 'created' | 'conflict' | 'limit';

/** Whoever holds server.ping_key: may create heartbeats by pinging, nothing more (never an admin's reach). */
export const PING_KEY_ACTOR: Actor = { kind: 'token', id: 'ping_key', label: 'ping key (server.ping_key)', role: 'editor', scope: 'write', viaCookie: false };

export interface PingCreateDeps extends MonitorWriterDeps {
  logger: Logger;
}

/** The monitor as tocsin.yaml would write it, with Healthchecks' defaults for auto-provisioned checks: period 1 day, grace 1 hour. */
export function pingCreatedInput(id: string): Record<string, unknown> {
  return { id, name: id, type: 'heartbeat', period: '1d', grace: '1h', tz: 'UTC', tags: [AUTO_CREATED_TAG] };
}

/**
 * Creations run one at a time in this process, so concurrent pings cannot count the same free place
 * twice; a second ping for the same id finds the monitor the first created (a conflict the caller
 * resolves by looking the heartbeat up again).
 */
export function heartbeatCreator(deps: PingCreateDeps): (id: string, limit: number) => Promise<PingCreateOutcome> {
  let queue: Promise<unknown> = Promise.resolve();
  let limitSaid = false;
  const createNow = async (id: string, limit: number): Promise<PingCreateOutcome> => {
    if ((await countAutoCreatedHeartbeats(deps.db)) >= limit) {
      // Said once until a creation succeeds again: a script looping over new ids must not flood the log.
      if (!limitSaid)
        deps.logger.warn(
          { monitor: id, limit },
          `not creating heartbeat monitor ${id}: pings already created ${limit}, the limit (server.ping_auto_create_limit)`,
        );
      limitSaid = true;
      return 'limit';
    }
    try {
      await createMonitor(deps, PING_KEY_ACTOR, pingCreatedInput(id));
    } catch (error) {
      if (error instanceof TocsinError && error.code === 'conflict') return 'conflict';
      throw error;
    }
    limitSaid = false;
    deps.logger.info({ monitor: id }, `created heartbeat monitor ${id} from its first ping (period 1d, grace 1h)`);
    return 'created';
  };
  return (id, limit) => {
    const run = queue.then(() => createNow(id, limit));
    queue = run.catch(() => undefined);
    return run;
  };
}
