import type net from 'node:net';
import type { Client } from 'ldapts';
import { certificateFacts } from '../tls/certificate.js';
import { failureText, ObservedFailure, openConnection } from '../tls/connect.js';
import type { CertificateFacts } from '../tls/judge.js';
import { handshake, hostPort, SocketScope } from '../tls/socket.js';
import type { CheckContext } from '../types.js';
import { ldapServer, type LdapSettings } from './schema.js';
import { ldapErrorWords } from './errors.js';
import type { LdapTesting } from './session.js';

/** What an LDAP check saw, before any judgement. */
export interface LdapObservation {
  /** The address connected to (or `host:port` before that). */
  target: string;
  /** The name the certificate must cover. */
  name: string;
  tls?: 'ldaps' | 'starttls';
  /** What ended the observation early (resolving, connecting, TLS, StartTLS), in words. */
  failure?: string;
  certificate?: CertificateFacts;
  /** True when credentials were not sent because the certificate is not trusted. */
  bindWithheld?: boolean;
  bind?: { error?: string };
  search?: { count: number; sizeLimit: number } | { error: string };
}

/** Search no further than this (or min_entries when larger): enough to count, bounded for the server. */
const SIZE_LIMIT = 100;

export async function observeLdap(settings: LdapSettings, ctx: CheckContext, testing: LdapTesting = {}, now = new Date()): Promise<LdapObservation> {
  const server = ldapServer(settings.url);
  const seen: LdapObservation = { target: hostPort(server.host, server.port), name: server.host };
  const scope = new SocketScope(ctx.signal);
  let client: Client | undefined;
  try {
    const { socket, address } = await openConnection(server.host, server.port, ctx, scope);
    seen.target = address;
    let stream: net.Socket = socket;
    if (server.ldaps) {
      seen.tls = 'ldaps';
      ctx.phases.enter('tls', address);
      const secure = await handshake({ socket, servername: server.host, ca: testing.ca }, scope);
      seen.certificate = certificateFacts(secure, server.host);
      stream = secure;
    }
    // Loaded on first use: ldapts and its dependencies cost every engine ~0.6 MB of heap, LDAP monitors or not.
    const { ldapClient } = await import('./session.js');
    const session = ldapClient(stream, scope, server.host, testing);
    client = session.client;
    if (settings.starttls) {
      seen.tls = 'starttls';
      ctx.phases.enter('starttls', address);
      await startTls(session.client, scope, ctx.signal, address);
      const secure = session.upgraded();
      if (secure) seen.certificate = certificateFacts(secure, server.host);
    }
    if (seen.certificate && settings.bind_password !== undefined && settings.verify_tls && !trusted(seen.certificate, now)) {
      seen.bindWithheld = true;
      return seen;
    }
    ctx.phases.enter('auth', address);
    seen.bind = await attempt(scope, ctx.signal, () => session.client.bind(settings.bind_dn ?? '', settings.bind_password ?? ''));
    if (seen.bind.error !== undefined || !settings.search) return seen;
    ctx.phases.enter('query', address);
    seen.search = await search(session.client, settings.search, scope, ctx.signal, ctx.timeoutMs);
    return seen;
  } catch (error) {
    seen.failure = failureText(error, ctx);
    return seen;
  } finally {
    ctx.phases.close();
    client?.unbind().catch(() => {});
    scope.close();
  }
}

async function startTls(client: Client, scope: SocketScope, signal: AbortSignal, address: string): Promise<void> {
  try {
    await scope.race(client.startTLS({}));
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ObservedFailure(`StartTLS with ${address} failed: ${ldapErrorWords(error)}`);
  }
}

/** Runs an LDAP operation; a refusal becomes words, an abort still rejects. */
async function attempt(scope: SocketScope, signal: AbortSignal, operation: () => Promise<void>): Promise<{ error?: string }> {
  try {
    await scope.race(operation());
    return {};
  } catch (error) {
    if (signal.aborted) throw error;
    return { error: ldapErrorWords(error) };
  }
}

async function search(
  client: Client,
  wanted: NonNullable<LdapSettings['search']>,
  scope: SocketScope,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<NonNullable<LdapObservation['search']>> {
  const sizeLimit = Math.max(SIZE_LIMIT, wanted.min_entries);
  try {
    const result = await scope.race(
      // 1.1: no attributes, only that entries exist; timeLimit lets the server give up with us.
      client.search(wanted.base, { scope: wanted.scope, filter: wanted.filter, sizeLimit, attributes: ['1.1'], timeLimit: Math.ceil(timeoutMs / 1000) }),
    );
    return { count: result.searchEntries.length, sizeLimit };
  } catch (error) {
    if (signal.aborted) throw error;
    return { error: ldapErrorWords(error) };
  }
}

/** A certificate a password may be sent to: in date, chain trusted, name covered. */
function trusted(facts: CertificateFacts, now: Date): boolean {
  const at = now.getTime();
  return facts.nameMatches && facts.chainError === undefined && facts.notBefore.getTime() <= at && at < facts.notAfter.getTime();
}
