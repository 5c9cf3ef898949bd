import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { KeyAndCert } from '../helpers/certs.js';

/** A local RDAP server (RFC 9083 JSON) with its own RFC 9224 bootstrap file, counting requests by path. */
export interface RdapServer {
  url: string;
  /** Redirects every domain query to `url`. */
  redirector: string;
  bootstrapUrl: string;
  /** Requests per path, e.g. `/rdap/domain/fine.test`. */
  hits(path: string): number;
  close(): Promise<void>;
}

const DAY = 86_400_000;

/**
 * Names under `.test`: `<n>d-*.test` expire in n days (`m3d-…` expired 3 days ago), `gone-*.test` is not
 * registered (404 with an RFC 9083 error body), `broken-*.test` answers 503, `hang-*.test` never
 * answers, `quiet-*.test` publishes no expiration event.
 */
export async function startRdapServer(now: () => number = Date.now, tls?: KeyAndCert): Promise<RdapServer> {
  const hits = new Map<string, number>();
  const hanging = new Set<http.ServerResponse>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/bootstrap/dns.json')
      return json(res, 200, { version: '1.0', publication: '2026-11-01T00:00:00Z', services: [[['test'], [`${base}/rdap`]]] });
    // An RDAP redirector, as rdap.org is: the answer lives at the registry's own server.
    const moved = /^\/moved\/domain\/(.+)$/.exec(path)?.[1];
    if (moved !== undefined) return void res.writeHead(302, { location: `${base}/rdap/domain/${moved}` }).end();
    const name = /^\/rdap\/domain\/(.+)$/.exec(path)?.[1];
    if (name === undefined) return json(res, 404, { errorCode: 404, title: 'Not Found' });
    if (name.startsWith('hang-')) return void hanging.add(res);
    if (name.startsWith('broken-')) return json(res, 503, { errorCode: 503, title: 'Service Unavailable' });
    if (name.startsWith('gone-')) return json(res, 404, { errorCode: 404, title: 'Not Found', description: ['The domain was not found.'] });
    const [, minus, days] = /^(m?)(\d+)d-/.exec(name) ?? [];
    const events = [{ eventAction: 'registration', eventDate: '2001-01-01T00:00:00Z' }];
    if (days !== undefined) events.push({ eventAction: 'expiration', eventDate: new Date(now() + (minus ? -1 : 1) * Number(days) * DAY).toISOString() });
    json(res, 200, {
      rdapConformance: ['rdap_level_0'],
      objectClassName: 'domain',
      ldhName: name,
      status: ['active'],
      events,
      entities: [
        {
          objectClassName: 'entity',
          roles: ['registrar'],
          vcardArray: [
            'vcard',
            [
              ['version', {}, 'text', '4.0'],
              ['fn', {}, 'text', 'Test Registrar'],
            ],
          ],
        },
      ],
    });
  };
  // Over https the server is named localhost, as its certificate is.
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const base = tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  return {
    url: `${base}/rdap/`,
    redirector: `${base}/moved/`,
    bootstrapUrl: `${base}/bootstrap/dns.json`,
    hits: (path) => hits.get(path) ?? 0,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/rdap+json' });
  res.end(JSON.stringify(body));
}
