/**
 * A ping resumes its paused heartbeat, as in Healthchecks, through the same writer as the API's
 * resume (so it is audited). Monitors paused in tocsin.yaml stay paused: the file owns them, and a
 * cron job must not overrule what the file says.
 */
import type { Actor } from '../api/auth/access.js';
import { TocsinError } from '../lib/errors.js';
import { setMonitorPaused, type MonitorWriterDeps } from './monitors-api.js';

const PING_ACTOR: Actor = { kind: 'token', id: 'ping', label: 'a ping to the heartbeat', role: 'editor', scope: 'write', viaCookie: false };
/** A refusal is remembered this long, so pings to a file-paused heartbeat do not each read the monitors table. */
const REFUSAL_MEMORY_MS = 60_000;
const MAX_REMEMBERED = 10_000;

export function resumeOnPing(deps: MonitorWriterDeps): (monitorId: string) => Promise<boolean> {
  const refusedAt = new Map<string, number>();
  return async (monitorId) => {
    const now = deps.clock.now();
    const refused = refusedAt.get(monitorId);
    if (refused !== undefined && now - refused < REFUSAL_MEMORY_MS) return false;
    try {
      await setMonitorPaused(deps, PING_ACTOR, monitorId, false);
      refusedAt.delete(monitorId);
      return true;
    } catch (error) {
      if (!(error instanceof TocsinError)) throw error;
      if (refusedAt.size >= MAX_REMEMBERED) refusedAt.clear();
      refusedAt.set(monitorId, now);
      return false;
    }
  };
}
