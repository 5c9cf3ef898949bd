import { isIP } from 'node:net';
import type { CheckResult, Status } from '../../core/types.js';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed } from '../../lib/net/targets.js';
import type { CheckContext } from '../types.js';

/**
 * The plumbing the three database probes share: find the address, tie socket
 * teardown to the runner's signal, and turn a verdict into a CheckResult.
 */

/** Where a probe connects: the configured name for TLS and messages, the IP for the socket. */
export interface Endpoint {
  host: string;
  ip: string;
  port: number;
  /** "db.internal:5432 (10.0.0.5)", or "127.0.0.1:5432" when the host is an IP. */
  label: string;
}

export function endpointLabel(host: string, ip: string, port: number): string {
  const hostPort = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return host === ip ? hostPort : `${hostPort} (${ip})`;
}

/** Resolves `host` with c-ares (never dns.lookup), or says why it could not. */
export async function locate(host: string, port: number, ctx: CheckContext): Promise<Endpoint | { failure: string }> {
  if (!isIP(host)) ctx.phases.enter('dns', host);
  try {
    // The first address only: a fresh connection to one address is what the
    // application does too, and the runner's deadline leaves no room for more.
    const [ip] = await resolveAllowed(host, port, ctx.targets, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    if (!ip) return { failure: `no address for ${host}` };
    return { host, ip, port, label: endpointLabel(host, ip, port) };
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return { failure: describeDnsError(error, host) };
  }
}

/**
 * Calls `teardown` at once if the signal aborts (now or later). Returns the
 * disposer: call it when the probe is done, because the runner also aborts the
 * signal after a check settles and a graceful close must not be cut short.
 */
export function onAbort(signal: AbortSignal, teardown: () => void): () => void {
  if (signal.aborted) {
    teardown();
    return () => {};
  }
  signal.addEventListener('abort', teardown, { once: true });
  return () => signal.removeEventListener('abort', teardown);
}

/**
 * `work`, or the signal's reason as soon as it aborts. For drivers that treat
 * a destroyed connection as a deliberate close and never settle what was
 * pending on it (mysql2 does this during the handshake).
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let stop = () => {};
  const aborted = new Promise<never>((_, reject) => {
    const onAbortEvent = () => reject(signal.reason);
    signal.addEventListener('abort', onAbortEvent, { once: true });
    stop = () => signal.removeEventListener('abort', onAbortEvent);
  });
  return Promise.race([work, aborted]).finally(stop);
}

/** How a probe judged its observation. */
export interface Verdict {
  status: Status;
  message: string;
  metrics?: Record<string, number>;
}

export function toResult(verdict: Verdict, ctx: CheckContext): CheckResult {
  const latencyMs = ctx.phases.elapsed();
  const result: CheckResult = { status: verdict.status, latencyMs, timings: ctx.phases.finish(), message: verdict.message };
  if (verdict.metrics && Object.keys(verdict.metrics).length > 0) result.metrics = verdict.metrics;
  return result;
}
