import type net from 'node:net';
import tls from 'node:tls';
import { Client } from 'ldapts';
import type { SocketScope } from '../tls/socket.js';

/** Not part of the settings: tests use it to trust their own CA. */
export interface LdapTesting {
  ca?: string | string[];
}

/**
 * An ldapts client over a socket the check connected itself (to an address server.probe_targets
 * allowed, resolved without dns.lookup). ldapts is told `ldap://` either way: over ldaps:// the
 * socket is already TLS. It gets that one socket only; were the server to hang up, a reconnect
 * fails at once instead of dialling the name again. Its own timers stay off: the runner's
 * deadline destroys the sockets, which rejects whatever is pending.
 */
export function ldapClient(
  socket: net.Socket,
  scope: SocketScope,
  servername: string,
  testing: LdapTesting,
): { client: Client; upgraded: () => tls.TLSSocket | undefined } {
  let given = false;
  let secure: tls.TLSSocket | undefined;
  const client = new Client({
    url: 'ldap://server',
    createConnection: () => {
      if (given) throw new Error('the server closed the connection');
      given = true;
      return socket;
    },
    createSecureConnection: ((options: tls.ConnectionOptions) => {
      secure = scope.track(
        tls.connect({
          socket: options.socket,
          servername: servername && !isIpLiteral(servername) ? servername : undefined,
          // Trust and name are judged from the certificate afterwards, as the tls check does.
          rejectUnauthorized: false,
          checkServerIdentity: () => undefined,
          ca: testing.ca,
        }),
      );
      return secure;
    }) as unknown as typeof tls.connect,
  });
  return { client, upgraded: () => secure };
}

function isIpLiteral(name: string): boolean {
  return /^[0-9.]+$/.test(name) || name.includes(':');
}

/**
 * An ldapts error in words: the result's name (InvalidCredentialsError → "invalid credentials"),
 * the server's diagnostic when it sent one (ldapts says "Code: 0x31" when it did not), and the
 * RFC 4511 result code.
 */
export function ldapErrorWords(error: unknown): string {
  const { code, message, name } = error as { code?: unknown; message?: string; name?: string };
  const text = (message ?? String(error)).split('\n')[0]!.trim();
  if (typeof code !== 'number') return text || 'unknown error';
  const kind =
    name && /^[A-Z]\w*Error$/.test(name) && !['Error', 'ResultCodeError', 'UnknownStatusCodeError'].includes(name)
      ? splitWords(name.replace(/Error$/, ''))
      : '';
  // ldapts appends "Code: 0x2" to the server's diagnostic, or says only that when there is none.
  const diagnostic = text.replace(/\s*Code: 0x[0-9a-f]+$/i, '');
  const words = [kind, diagnostic].filter(Boolean).join(': ') || 'refused';
  return `${words} (result code ${code})`;
}

function splitWords(camel: string): string {
  return camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
