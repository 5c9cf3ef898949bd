/**
 * The one HTTP sender every web channel uses. A fresh connection per attempt
 * (no keep-alive: a stale pooled socket must not eat a page), the host
 * resolved through c-ares (dns.lookup's thread pool can be starved by one hung
 * resolver), one deadline over the whole attempt, and errors that name the
 * channel and its host but never the path or query, where tokens live.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { describeDnsError } from '../lib/net/resolve.js';
import { resolveAllowed, TargetRefused } from '../lib/net/targets.js';
import { judgeAnswer, scrub, type HttpAnswer } from './judge.js';
import type { HttpRequest, SendOptions, SendOutcome } from './types.js';

/** Enough for any service's error message; the rest is not read. */
const BODY_LIMIT = 16 * 1024;

type Phase = 'resolving the host' | 'connecting' | 'waiting for the answer' | 'reading the answer';

export async function sendHttp(request: HttpRequest, options: SendOptions, secrets: readonly string[] = []): Promise<SendOutcome> {
  return (await requestHttp(request, options, secrets)).outcome;
}

/** As sendHttp, also handing back the answer for the few channels that read it (Matrix alias lookup). */
export async function requestHttp(
  request: HttpRequest,
  options: SendOptions,
  secrets: readonly string[] = [],
): Promise<{ outcome: SendOutcome; answer?: HttpAnswer }> {
  const url = effectiveUrl(request.url, options.baseUrlOverride);
  const label = `${options.channel} (${url.host})`;
  const attempt = new AbortController();
  const state: { phase: Phase } = { phase: 'resolving the host' };
  const timer = setTimeout(() => attempt.abort(new Error('timeout')), options.timeoutMs);
  const onCallerAbort = () => attempt.abort(new Error('aborted'));
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    if (options.signal?.aborted) return { outcome: failure(label, 'aborted before sending', secrets) };
    const answer = await exchange(request, url, options, attempt.signal, state);
    const outcome = judgeAnswer(answer, Date.now());
    if (outcome.ok) return { outcome: { ...outcome, detail: scrub(outcome.detail, secrets) }, answer };
    return { outcome: { ...outcome, error: scrub(`${label}: ${outcome.error}`, secrets) }, answer };
  } catch (error) {
    // A refused address stays refused however often it is tried.
    if (error instanceof TargetRefused) return { outcome: { ok: false, permanent: true, error: scrub(`${label}: ${error.message}`, secrets) } };
    return { outcome: failure(label, reasonOf(error, attempt.signal, state.phase, url, options.timeoutMs), secrets) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

export function effectiveUrl(raw: string, override: string | undefined): URL {
  const url = new URL(raw);
  if (!override) return url;
  const base = new URL(override);
  url.protocol = base.protocol;
  url.host = base.host;
  return url;
}

async function exchange(request: HttpRequest, url: URL, options: SendOptions, signal: AbortSignal, state: { phase: Phase }): Promise<HttpAnswer> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  // The request goes to this address, not the name: what was checked is what is connected to.
  const [address] = await resolveAllowed(host, port, options.targets, { signal, timeoutMs: options.timeoutMs, server: options.dnsServer });
  if (!address) throw new Error(`no address for ${host}`);
  state.phase = 'connecting';
  const body = Buffer.from(request.body, 'utf8');
  const headers: Record<string, string> = { 'user-agent': 'tocsin', ...request.headers, host: url.host, connection: 'close' };
  if (body.length > 0 || request.method !== 'GET') headers['content-length'] = String(body.length);
  const transport = secure ? https : http;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = transport.request({
      host: address,
      port,
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers,
      agent: false,
      ...(secure ? { servername: isIP(host) ? undefined : host, ca: options.ca } : {}),
    });
    const abort = () => req.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    req.on('error', (error) => {
      signal.removeEventListener('abort', abort);
      reject(error);
    });
    req.on('socket', (socket) => socket.once(secure ? 'secureConnect' : 'connect', () => (state.phase = 'waiting for the answer')));
    req.on('response', (res) => {
      state.phase = 'reading the answer';
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', reject);
      res.on('end', () => {
        signal.removeEventListener('abort', abort);
        const retryAfter = res.headers['retry-after'];
        const text = Buffer.concat(chunks).subarray(0, BODY_LIMIT).toString('utf8');
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: text, ...(retryAfter ? { retryAfter } : {}) });
      });
    });
    req.end(body);
  });
}

function reasonOf(error: unknown, signal: AbortSignal, phase: Phase, url: URL, timeoutMs: number): string {
  if (signal.aborted) {
    const why = signal.reason instanceof Error ? signal.reason.message : '';
    return why === 'timeout' ? `no answer within ${timeoutMs} ms (stuck ${phase})` : `aborted while ${phase}`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (phase === 'resolving the host') return describeDnsError(error, url.hostname);
  if (code === 'ECONNREFUSED') return `connection refused by ${url.host}`;
  if (code === 'ECONNRESET') return `connection reset by ${url.host} while ${phase}`;
  const message = error instanceof Error ? error.message : String(error);
  return `${code ? `${code}: ` : ''}${message} while ${phase}`;
}

/** Network trouble and deadlines are worth another try: the receiver may be back in a minute. */
function failure(label: string, reason: string, secrets: readonly string[]): SendOutcome {
  return { ok: false, permanent: false, error: scrub(`${label}: ${reason}`, secrets) };
}
