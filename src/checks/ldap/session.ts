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
