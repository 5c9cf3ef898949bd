import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { finished, pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Connection } from './connect.js';
import { BODY_LIMIT } from './observation.js';
import { aborted, waitFor } from './wait.js';

export interface OutgoingRequest {
  method: string;
  headers: OutgoingHttpHeaders;
  body?: string;
}

export interface ReadBody {
  body: Buffer;
  bytes: number;
  truncated: boolean;
}

const ignore = () => {};

/**
 * Writes one request on an open connection and waits for the response head.
 * Errors surface through the returned promise; the permanent no-op listeners
 * only stop a late socket error (after an abort) from crashing the process.
 */
export async function send(connection: Connection, url: URL, outgoing: OutgoingRequest, signal: AbortSignal): Promise<IncomingMessage> {
  const request = httpRequest({
    createConnection: () => connection.socket,
    method: outgoing.method,
    path: `${url.pathname}${url.search}`,
    headers: outgoing.headers,
    setHost: false,
  });
  request.on('error', ignore);
  request.end(outgoing.body);
  const response = await waitFor<IncomingMessage>(request, 'response', signal);
  response.on('error', ignore);
  return response;
}

/**
 * Reads the body, decoded, up to BODY_LIMIT bytes; stops reading (and drops the rest) beyond it.
 * Listens for data rather than iterating the stream (an async iterator costs promises per chunk);
 * an abort destroys the check's sockets, which ends the stream with an error.
 */
export function readBody(response: IncomingMessage, signal: AbortSignal): Promise<ReadBody> {
  if (signal.aborted) return Promise.reject(aborted(signal));
  const source = decoded(response);
  return new Promise<ReadBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const settle = (truncated: boolean) => {
      if (settled) return;
      settled = true;
      source.removeListener('data', onData);
      // Stops reading: the rest is never read.
      if (truncated || bytes >= BODY_LIMIT) source.destroy();
      const body = Buffer.concat(chunks).subarray(0, BODY_LIMIT);
      resolve({ body, bytes: body.length, truncated });
    };
    const onData = (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      const reached = bytes >= BODY_LIMIT;
      bytes += chunk.length;
      if (bytes > BODY_LIMIT) return settle(true);
      // Exactly the limit: truncated unless the response is complete once this read is parsed
      // (a reader taking the chunk on a later tick, as iterating the stream did, saw it so).
      if (bytes === BODY_LIMIT && !reached) process.nextTick(() => settle(!response.complete));
    };
    source.on('data', onData);
    finished(source, { writable: false }, (error) => {
      if (settled) return;
      if (error) {
        settled = true;
        reject(error);
      } else settle(false);
    });
  });
}

/** Servers may compress even unasked; matching needs the plain text. Decoded size is what is capped. */
function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  decoder.on('error', ignore);
  return pipeline(response, decoder, ignore);
}
