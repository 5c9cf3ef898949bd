/**
 * A ping resumes its paused heartbeat, as in Healthchecks, through the same writer as the API's
 * resume (so it is audited). Monitors paused in tocsin.yaml stay paused: the file owns them, and a
 * cron job must not overrule what the file says.
 */
import type { Actor } from '../api/auth/access.js';
import { TocsinError } from '../lib/errors.js';
import { setMonitorPaused, type MonitorWriterDeps } from './monitors-api.js';

const PING_ACTOR: Actor = { kind: 'token', id: 'ping', label: 'a ping to the heartbeat', role: 'editor', scope: 'write', viaCookie: false };

export function resumeOnPing(deps: MonitorWriterDeps): (monitorId: string) => Promise<boolean> {
  return async (monitorId) => {
    try {
      await setMonitorPaused(deps, PING_ACTOR, monitorId, false);
      return true;
    } catch (error) {
      if (error instanceof TocsinError) return false;
      throw error;
    }
  };
}
