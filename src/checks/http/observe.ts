import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { CheckContext } from '../types.js';
import { Failure, openConnection, type Connection } from './connect.js';
import { describeConnectionError } from './describe.js';
import { readBody, send } from './exchange.js';
import { headersFor, nextHop, type Hop } from './hop.js';
import type { Observation } from './observation.js';
import { redactUrl } from './redact.js';
import type { HttpSettings } from './schema.js';

export interface ObserveOptions {
  /** Trust anchors replacing the system's, for tests; settings name theirs with ca_file. */
  ca?: string | string[];
}

const ignore = () => {};

/**
 * Requests the URL, following redirects on a fresh connection each hop, and
 * records what came back. Expected failures become `failure`; an abort
 * rejects (the runner reports the timeout) after every socket is destroyed.
 */
export async function observe(settings: HttpSettings, ctx: CheckContext, options: ObserveOptions = {}): Promise<Observation> {
  ctx.signal.throwIfAborted();
  let ca = options.ca;
  if (settings.ca_file !== undefined) {
    try {
      ca = await readFile(settings.ca_file, { encoding: 'utf8', signal: ctx.signal });
    } catch (error) {
      ctx.signal.throwIfAborted();
      return { chain: [], unusable: `cannot read ca_file ${settings.ca_file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, latencyMs: 0 };
    }
  }
  const sockets: Socket[] = [];
  // Newest first: destroying a TCP socket before the TLSSocket wrapping it crashes Node 20 (SIGSEGV).
  const destroyAll = () => {
    while (sockets.length > 0) sockets.pop()!.destroy();
  };
  ctx.signal.addEventListener('abort', destroyAll, { once: true });
  const track = (socket: Socket) => {
    sockets.push(socket);
    socket.on('error', ignore);
  };
  const chain: string[] = [];
  try {
    return await follow(settings, ctx, chain, { verifyTls: settings.verify_tls, ca, track });
  } catch (error) {
    ctx.signal.throwIfAborted();
    if (error instanceof Failure) return { chain, failure: error.message, latencyMs: ctx.phases.elapsed() };
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', destroyAll);
    destroyAll();
  }
}

type Connect = Parameters<typeof openConnection>[2];

async function follow(settings: HttpSettings, ctx: CheckContext, chain: string[], connect: Connect): Promise<Observation> {
  const first = new URL(settings.url);
  const visited = new Set<string>();
  let hop: Hop = { url: first, method: settings.method, body: settings.body };
  for (;;) {
    visited.add(hop.url.href);
    chain.push(redactUrl(hop.url));
    const connection = await openConnection(hop.url, ctx, connect);
    const response = await exchange(connection, hop, first, settings, ctx);
    const redirect = settings.follow_redirects ? nextHop(hop, response.statusCode ?? 0, response.headers.location) : { kind: 'none' as const };
    if (redirect.kind === 'none') return { chain, response: await body(connection, response, hop, ctx), latencyMs: ctx.phases.elapsed() };
    connection.socket.destroy();
    if (redirect.kind === 'unusable') throw new Failure(`${chain.at(-1)} redirected to an unusable location ${JSON.stringify(redirect.location)}`);
    const next = redirect.hop.url;
    if (visited.has(next.href)) throw new Failure(`redirect loop: ${[...chain, redactUrl(next)].join(' → ')}`);
    if (chain.length > settings.max_redirects) {
      throw new Failure(`more than ${settings.max_redirects} redirects from ${chain[0]} (the last one pointed to ${redactUrl(next)})`);
    }
    hop = redirect.hop;
  }
}

async function exchange(connection: Connection, hop: Hop, first: URL, settings: HttpSettings, ctx: CheckContext): Promise<IncomingMessage> {
  ctx.phases.enter('firstByte', connection.target);
  const outgoing = { method: hop.method, headers: headersFor(hop, first, settings.headers), body: hop.body };
  try {
    return await send(connection, hop.url, outgoing, ctx.signal);
  } catch (error) {
    ctx.signal.throwIfAborted();
    throw new Failure(describeConnectionError(error, connection.target, 'firstByte'));
  }
}

async function body(connection: Connection, response: IncomingMessage, hop: Hop, ctx: CheckContext) {
  const status = response.statusCode ?? 0;
  if (hop.method === 'HEAD') return { status, body: '', bodyBytes: 0, truncated: false };
  ctx.phases.enter('body', connection.target);
  try {
    const read = await readBody(response, ctx.signal);
    return { status, body: read.body.toString('utf8'), bodyBytes: read.bytes, truncated: read.truncated };
  } catch (error) {
    ctx.signal.throwIfAborted();
    throw new Failure(describeConnectionError(error, connection.target, 'body'));
  } finally {
    ctx.phases.close();
  }
}
