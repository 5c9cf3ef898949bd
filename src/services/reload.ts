import { getMeta, setMeta } from '../store/meta.js';
import type { Db } from '../store/schema.js';

const KEY = 'config_reload_requested_at';

/**
 * `tocsin apply` asks running instances to reload through the database rather
 * than a signal: it works across hosts on PostgreSQL and needs no pid file.
 */
export function requestReload(db: Db, now: number): Promise<void> {
  return setMeta(db, KEY, String(now));
}

/** Polls for reload requests newer than the start; calls `reload` for each. */
export function watchReloads(db: Db, since: number, reload: () => Promise<void>, everyMs = 2000): () => void {
  let seen = since;
  let busy = false;
  const timer = setInterval(() => void poll(), everyMs);
  async function poll(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const requested = Number((await getMeta(db, KEY)) ?? 0);
      if (requested > seen) {
        seen = requested;
        await reload();
      }
    } catch {
      // The store being briefly unavailable is reported by /healthz; try again next round.
    } finally {
      busy = false;
    }
  }
  timer.unref();
  return () => clearInterval(timer);
}
