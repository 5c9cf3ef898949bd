/**
 * The request body of a ping: the first 100 kB are kept as the run's log (Healthchecks'
 * PING_BODY_LIMIT, announced in the Ping-Body-Limit response header); the rest is read and
 * dropped, so a job that posts a large log still gets its 200 instead of a 413 that curl -f turns
 * into a missed ping. Past 10 MB the request is refused with a 413: that is no longer a log.
 */
import type { IncomingMessage } from 'node:http';
import { TocsinError } from '../../lib/errors.js';
import { PING_BODY_LIMIT, PING_REQUEST_LIMIT } from './limits.js';

const tooLarge = () =>
  new TocsinError(
    'too_large',
    `request body over ${PING_REQUEST_LIMIT / 1_000_000} MB (${PING_REQUEST_LIMIT} bytes), the limit of a ping; its log keeps the first 100 kB`,
    {
      field: 'body',
      expected: `at most ${PING_REQUEST_LIMIT} bytes`,
    },
  );

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A declared length over the limit is refused before reading any of it.
    if (Number(request.headers['content-length']) > PING_REQUEST_LIMIT) {
      reject(tooLarge());
      return;
    }
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > PING_REQUEST_LIMIT) {
        // Not destroyed: the 413 must reach the client; the refusal drains what is left.
        request.off('data', onData);
        reject(tooLarge());
        return;
      }
      if (keptBytes < PING_BODY_LIMIT) {
        const part = chunk.subarray(0, PING_BODY_LIMIT - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(kept)));
    request.on('error', reject);
  });
}
