import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed } from '../../lib/net/targets.js';
import type { CheckContext } from '../types.js';
import { describeCertificate, describeConnectionError, type CertFacts } from './describe.js';
import { waitFor } from './wait.js';

/** A failure already put into words; `observe` reports it as the check's message. */
export class Failure extends Error {}

export interface ConnectOptions {
  verifyTls: boolean;
  /** Trust anchors replacing the system's. Tests only: settings cannot carry a CA. */
  ca?: string | string[];
  /** Every socket opened is registered here so an abort can destroy it. */
  track: (socket: Socket) => void;
}

export interface Connection {
  socket: Socket;
  /** `ip:port`, for messages. */
  target: string;
}

/**
 * Resolves with c-ares (never dns.lookup) and connects to the address itself,
 * so a hung system resolver cannot stall the process. For https the handshake
 * and certificate check finish before the caller writes a byte: a request
 * (perhaps with credentials) never reaches a server that failed verification.
 */
export async function openConnection(url: URL, ctx: CheckContext, options: ConnectOptions): Promise<Connection> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  ctx.phases.enter('dns', host);
  const { socket, target } = await connectAny(await resolve(host, port, ctx), port, ctx, options);
  if (url.protocol !== 'https:') return { socket, target };

  ctx.phases.enter('tls', target);
  // rejectUnauthorized: false so that the certificate stays readable for the message; verified below.
  const secure = tlsConnect({
    socket,
    host,
    servername: isIP(host) ? undefined : host,
    ca: options.ca,
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  });
  options.track(secure);
  await settle(waitFor(secure, 'secureConnect', ctx.signal), target, 'tls');
  if (options.verifyTls && !secure.authorized) {
    throw new Failure(describeCertificate(String(secure.authorizationError), host, certFacts(secure)));
  }
  return { socket: secure, target };
}

/** Tries each address in turn, as browsers do, so one dead address (often IPv6) does not fail the check. */
export async function connectAny(addresses: string[], port: number, ctx: CheckContext, options: ConnectOptions): Promise<Connection> {
  const failures: string[] = [];
  for (const ip of addresses) {
    const target = isIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
    ctx.phases.enter('connect', target);
    const socket = tcpConnect({ host: ip, port });
    options.track(socket);
    try {
      await settle(waitFor(socket, 'connect', ctx.signal), target, 'connect');
      return { socket, target };
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      failures.push(error.message);
    }
  }
  throw new Failure(failures.join('; '));
}

/** Every hop, redirects included, is checked against server.probe_targets here. */
async function resolve(host: string, port: number, ctx: CheckContext): Promise<string[]> {
  try {
    const addresses = await resolveAllowed(host, port, ctx.targets, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    if (addresses.length === 0) throw new Error(`no address for ${host}`);
    return addresses;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new Failure(describeDnsError(error, host));
  }
}

async function settle(waiting: Promise<unknown>, target: string, phase: 'connect' | 'tls'): Promise<void> {
  try {
    await waiting;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Failure(describeConnectionError(error, target, phase));
  }
}

function certFacts(socket: TLSSocket): CertFacts {
  const cert: PeerCertificate | undefined = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return { altNames: [] };
  return {
    subject: first(cert.subject?.CN),
    issuer: first(cert.issuer?.CN),
    altNames: (cert.subjectaltname ?? '')
      .split(', ')
      .filter(Boolean)
      .map((name) => name.replace(/^(DNS|IP Address):/, '')),
    notBefore: new Date(cert.valid_from),
    notAfter: new Date(cert.valid_to),
  };
}

/** Subject fields repeat as arrays when a certificate lists them twice. */
function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
