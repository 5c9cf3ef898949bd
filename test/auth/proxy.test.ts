/** Behind a reverse proxy (server.trusted_proxies), sign-ins are counted by the client's address, not the proxy's. */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/schema/config.js';
import { authRig, PASSWORD, type AuthRig } from './rig.js';

let rig: AuthRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const viaProxy = (r: AuthRig, password: string, client: string, proxy = '127.0.0.1') =>
  r.app.inject({
    method: 'POST',
    url: '/api/v1/login',
    payload: { email: 'ana@example.org', password },
    remoteAddress: proxy,
    headers: { 'x-forwarded-for': client },
  });

describe('server.trusted_proxies', () => {
  it('counts failures by the client a trusted proxy names, so one guesser behind it holds nobody else', async () => {
    rig = await authRig({ trustedProxies: ['127.0.0.1'] });
    await rig.addUser('ana@example.org', 'viewer');
    for (let i = 0; i < 4; i++) expect((await viaProxy(rig, 'guess', '203.0.113.9')).statusCode).toBe(401);
    expect((await viaProxy(rig, PASSWORD, '203.0.113.9')).statusCode).toBe(429);
    expect((await viaProxy(rig, PASSWORD, '198.51.100.4')).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For from an address it does not trust', async () => {
    rig = await authRig({ trustedProxies: ['127.0.0.1'] });
    await rig.addUser('ana@example.org', 'viewer');
    for (let i = 0; i < 4; i++) expect((await viaProxy(rig, 'guess', '203.0.113.9', '10.0.0.1')).statusCode).toBe(401);
    expect((await viaProxy(rig, PASSWORD, '198.51.100.4', '10.0.0.1')).statusCode).toBe(429);
  });

  it.each([
    [['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '2001:db8:0:0:0:0:0:1'], true],
    [['999.0.0.1'], false],
    [['10.0.0.0/33'], false],
    [['proxy.example.org'], false],
    [['1:2:3:4:5:6:7:8:9'], false],
  ])('accepts %j: %s, under the name and its deprecated spelling', (trust, ok) => {
    for (const key of ['trusted_proxies', 'trust_proxy']) {
      const parsed = parseConfig({ server: { [key]: trust } });
      expect(parsed.ok).toBe(ok);
      if (!parsed.ok)
        expect(parsed.problems[0]).toMatchObject({
          path: `server.${key}[0]`,
          message: 'expected an IP address or CIDR range such as 127.0.0.1, 10.0.0.0/8 or ::1',
        });
    }
  });
});
