/**
 * `tocsin ack` in another process queues its request in the store, and the running engine applies the
 * queue on its housekeeping turn (every second). So that it takes effect at once, the engine writes where
 * it listens when it starts (meta `engine.url`), and the CLI, once its request is queued, asks it to apply
 * the queue now (POST /acks/apply, api/ack-queue.ts), which answers after the commit. Best effort: an
 * engine that cannot be reached still applies the request on its next turn.
 */
import { getMeta, setMeta } from '../store/meta.js';
import type { Db } from '../store/schema.js';

const KEY = 'engine.url';
export const ACK_QUEUE_PATH = '/acks/apply';
/** Incidents and posts changed by another process: the engine re-reads them (api/incidents-changed.ts). */
export const INCIDENTS_CHANGED_PATH = '/incidents/changed';

/** Called by the engine once it listens, with the address it bound. */
export async function announceEngineUrl(db: Db, url: string): Promise<void> {
  await setMeta(db, KEY, url);
}

/**
 * Asks the running engine to apply queued acknowledgements now (or, with INCIDENTS_CHANGED_PATH, to
 * read the incidents and posts again); true when it answered that it did.
 */
export async function nudgeEngine(db: Db, timeoutMs = 2000, path = ACK_QUEUE_PATH): Promise<boolean> {
  const url = await getMeta(db, KEY);
  if (url === undefined) return false;
  try {
    const response = await fetch(new URL(path, reachable(url)), { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
    return response.status === 204;
  } catch {
    // Not running, or not reachable from here: the engine's own turn applies the request.
    return false;
  }
}

/** An engine bound to every interface is reached on loopback. */
function reachable(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}
