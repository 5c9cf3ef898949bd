import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { ObservedFailure } from '../tls/connect.js';
import { describeSocketError, hostPort } from '../tls/socket.js';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed } from '../../lib/net/targets.js';
import type { CheckContext } from '../types.js';

/** An HTTP answer that was read: its status and, for 2xx, the parsed JSON. */
export interface JsonAnswer {
  status: number;
  json?: unknown;
  /** The URL that answered, after redirects. */
  url: string;
}

const MAX_REDIRECTS = 3;

/**
 * GET `url` for JSON (RDAP answers and bootstrap files): resolved with c-ares and connected to an
 * address server.probe_targets allows, each redirect checked again, at most `limit` bytes read.
 * Network failures become ObservedFailure in words; an abort rejects with the signal's reason.
 */
export async function getJson(url: string, ctx: CheckContext, limit: number): Promise<JsonAnswer> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const answer = await getOnce(current, ctx, limit);
    if (!answer.location || hop >= MAX_REDIRECTS) {
      if (answer.location) throw new ObservedFailure(`more than ${MAX_REDIRECTS} redirects from ${url}`);
      return { status: answer.status, url: current.toString(), ...(answer.body !== undefined && { json: parse(answer.body, current) }) };
    }
    current = new URL(answer.location, current);
    if (!/^https?:$/.test(current.protocol)) throw new ObservedFailure(`${current.host} redirected to a ${current.protocol} URL`);
  }
}

interface RawAnswer {
  status: number;
  location?: string;
  body?: string;
}

async function getOnce(url: URL, ctx: CheckContext, limit: number): Promise<RawAnswer> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  ctx.phases.enter('dns', host);
  let addresses: string[];
  try {
    addresses = await resolveAllowed(host, port, ctx.targets, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new ObservedFailure(describeDnsError(error, host));
  }
  const address = addresses[0];
  if (address === undefined) throw new ObservedFailure(`no address for ${host}`);
  const target = hostPort(address, port);
  ctx.phases.enter('connect', target);
  try {
    return await exchange(url, address, port, secure, ctx, limit, target);
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (error instanceof ObservedFailure) throw error;
    throw new ObservedFailure(`${describeSocketError(error, `${url.host}`)} (${ctx.phases.describe() || 'over HTTP'})`);
  }
}

function exchange(url: URL, address: string, port: number, secure: boolean, ctx: CheckContext, limit: number, target: string): Promise<RawAnswer> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = (secure ? https : http).request({
      host: address,
      port,
      path: `${url.pathname}${url.search}`,
      headers: { host: url.host, accept: 'application/rdap+json, application/json', 'user-agent': 'tocsin', connection: 'close' },
      agent: false,
      ...(secure && { servername: isIP(host) ? undefined : host }),
    });
    const abort = () => req.destroy(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('aborted'));
    if (ctx.signal.aborted) return abort();
    ctx.signal.addEventListener('abort', abort, { once: true });
    const settle = (finish: () => void) => {
      ctx.signal.removeEventListener('abort', abort);
      finish();
    };
    req.on('error', (error) => settle(() => reject(error)));
    req.on('socket', (socket) => {
      socket.once('connect', () => ctx.phases.enter(secure ? 'tls' : 'firstByte', target));
      if (secure) socket.once('secureConnect', () => ctx.phases.enter('firstByte', target));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = status >= 300 && status < 400 ? res.headers.location : undefined;
      if (location || status < 200 || status >= 300) {
        res.resume();
        return res.on('end', () => settle(() => resolve({ status, ...(location && { location }) })));
      }
      ctx.phases.enter('body', target);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.destroy();
          settle(() => reject(new ObservedFailure(`the answer from ${url.host} is larger than ${Math.round(limit / 1024)} kB`)));
        } else chunks.push(chunk);
      });
      res.on('end', () => settle(() => resolve({ status, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (error) => settle(() => reject(error)));
    });
    req.end();
  });
}

function parse(body: string, url: URL): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ObservedFailure(`the answer from ${url.host} is not JSON`);
  }
}
