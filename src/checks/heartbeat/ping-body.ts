/**
 * The request body of a ping: the first 100 kB are kept as the run's log (Healthchecks'
 * PING_BODY_LIMIT, announced in the Ping-Body-Limit response header); the rest is read and
 * dropped, so a job that posts a large log still gets its 200 instead of a 413 that curl -f turns
 * into a missed ping. Past 10 MB the request is refused: that is no longer a log.
 */
import type { Readable } from 'node:stream';

export const PING_BODY_LIMIT = 100_000;
export const PING_REQUEST_LIMIT = 10_000_000;

export function readBody(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let total = 0;
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > PING_REQUEST_LIMIT) {
        stream.destroy();
        reject(Object.assign(new Error(`ping body over ${PING_REQUEST_LIMIT} bytes`), { statusCode: 413 }));
        return;
      }
      if (keptBytes < PING_BODY_LIMIT) {
        const part = chunk.subarray(0, PING_BODY_LIMIT - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
    });
    stream.on('end', () => resolve(Buffer.concat(kept)));
    stream.on('error', reject);
  });
}
