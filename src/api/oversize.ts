/**
 * A body over its limit gets a real 413 naming the limit. The client is usually still sending
 * when the answer leaves; closing the socket then would reset the connection, and the client
 * would see "connection reset" instead of the 413. So the rest of the body is read and dropped,
 * as a lingering close does, up to a bound in bytes and time, after which the connection is cut.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TocsinError } from '../lib/errors.js';

const LINGER_BYTES = 64 * 1024 * 1024;
const LINGER_MS = 5_000;

/** Fastify's own (a JSON body over bodyLimit), or one a parser of ours raised (pings). */
export function isTooLarge(error: unknown): boolean {
  if (error instanceof TocsinError) return error.code === 'too_large';
  return (error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE';
}

/** Answers the 413, then drains what the client still sends. Returns the answer's message. */
export function refuseOversize(error: unknown, request: FastifyRequest, reply: FastifyReply): string {
  const limit = request.routeOptions.bodyLimit;
  const { message, details } =
    error instanceof TocsinError
      ? error
      : { message: `request body over ${sizeText(limit)}, the limit of this route`, details: { field: 'body', expected: `at most ${limit} bytes` } };
  // Fastify asks to close after a parser error; closing while the client sends is the reset we avoid.
  void reply.removeHeader('connection');
  drain(request.raw);
  void reply.status(413).send({ error: message, ...details });
  return message;
}

/** Reading it ourselves also keeps Node from dumping the body below the stream, where no bound applies. */
function drain(request: IncomingMessage): void {
  if (request.complete || request.destroyed) return;
  let dropped = 0;
  const cut = () => {
    clearTimeout(timer);
    request.socket.destroy();
  };
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) cut();
  });
  request.once('end', () => clearTimeout(timer));
  request.once('close', () => clearTimeout(timer));
  request.resume();
}

/** 1048576 → "1 MiB (1048576 bytes)", 8388608 → "8 MiB (8388608 bytes)". */
function sizeText(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `${bytes / mib} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
