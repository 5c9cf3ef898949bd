import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { addAbortSignal, pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Connection } from './connect.js';
import { BODY_LIMIT } from './observation.js';

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
  const [response] = (await once(request, 'response', { signal })) as [IncomingMessage];
  response.on('error', ignore);
  return response;
}

/** Reads the body, decoded, up to BODY_LIMIT bytes; stops reading (and drops the rest) beyond it. */
export async function readBody(response: IncomingMessage, signal: AbortSignal): Promise<ReadBody> {
  const source = addAbortSignal(signal, decoded(response));
  const chunks: Buffer[] = [];
  let bytes = 0;
  let truncated = false;
  for await (const chunk of source) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    bytes += buffer.length;
    if (bytes >= BODY_LIMIT) {
      // Leaving the loop destroys the stream, so the rest is never read.
      truncated = bytes > BODY_LIMIT || !response.complete;
      break;
    }
  }
  const body = Buffer.concat(chunks).subarray(0, BODY_LIMIT);
  return { body, bytes: body.length, truncated };
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
