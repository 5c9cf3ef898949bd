/**
 * server.trusted_proxies on a running tocsin, through real sockets from 127.0.0.1: from a trusted
 * peer, X-Forwarded-For names who pinged and who is guessing passwords; from an untrusted one it is
 * ignored, so a client cannot pick the address it is counted under. server.trust_proxy, the old
 * spelling, still works and says it is deprecated.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { recentHeartbeatRuns } from '../../src/store/heartbeats.js';

const UUID = '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60';
const PASSWORD = 'correct horse battery';

let tocsin: Tocsin | undefined;
let dir = '';

afterEach(async () => {
  await tocsin?.stop();
  tocsin = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function start(server: Record<string, unknown>): Promise<{ base: string; logs: string[] }> {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-proxies-'));
  const file = join(dir, 'tocsin.yaml');
  await writeFile(
    file,
    stringify({ server, database: { url: `sqlite:${join(dir, 'tocsin.db')}` }, monitors: [{ id: 'backup', type: 'heartbeat', uuid: UUID, period: '1d' }] }),
  );
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => void (logs.push(String(chunk)), done()) });
  tocsin = await startTocsin({ configPath: file, env: {}, logger: pino({ level: 'info' }, sink), listen: '127.0.0.1:0' });
  await createUser(
    tocsin.store.db,
    { email: 'ana@example.org', role: 'viewer', password: PASSWORD },
    { actor: { kind: 'cli', label: 'test' }, now: Date.now() },
  );
  return { base: `http://${tocsin.address}`, logs };
}

const pingFrom = (base: string, forwardedFor: string) => fetch(`${base}/ping/${UUID}`, { headers: { 'x-forwarded-for': forwardedFor } });

async function lastPingAddress(): Promise<string | null> {
  return (await recentHeartbeatRuns(tocsin!.store.db, 'backup', 1))[0]?.remote_addr ?? null;
}

const signIn = (base: string, password: string, forwardedFor: string) =>
  fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email: 'ana@example.org', password }),
  }).then((r) => r.status);

/** Four wrong passwords "from" 203.0.113.9, then the right one from it and from another client. */
async function guessThenSignIn(base: string): Promise<{ guesser: number; other: number }> {
  for (let i = 0; i < 4; i++) expect(await signIn(base, 'guess', '203.0.113.9')).toBe(401);
  return { guesser: await signIn(base, PASSWORD, '203.0.113.9'), other: await signIn(base, PASSWORD, '198.51.100.4') };
}

describe('server.trusted_proxies', () => {
  it('from a trusted peer, records the client X-Forwarded-For names on pings and throttles sign-in per client', async () => {
    const { base, logs } = await start({ trusted_proxies: ['127.0.0.0/8', '::1'] });
    expect((await pingFrom(base, '203.0.113.7')).status).toBe(200);
    expect(await lastPingAddress()).toBe('203.0.113.7');
    // A chain: the address the trusted proxy saw connect, not what the client wrote before it.
    expect((await pingFrom(base, '192.0.2.66, 203.0.113.8')).status).toBe(200);
    expect(await lastPingAddress()).toBe('203.0.113.8');
    expect(await guessThenSignIn(base)).toEqual({ guesser: 429, other: 200 });
    expect(logs.join('')).not.toContain('deprecated');
  });

  it('from a peer it does not trust, ignores X-Forwarded-For for pings and sign-in throttling', async () => {
    const { base } = await start({ trusted_proxies: ['10.0.0.0/8'] });
    expect((await pingFrom(base, '203.0.113.7')).status).toBe(200);
    expect(await lastPingAddress()).toBe('127.0.0.1');
    // Every guess counts against the peer itself, so a made-up header does not escape the throttle.
    expect(await guessThenSignIn(base)).toEqual({ guesser: 429, other: 429 });
  });

  it('still reads the deprecated server.trust_proxy, and warns at start that it is renamed', async () => {
    const { base, logs } = await start({ trust_proxy: ['127.0.0.1'] });
    expect((await pingFrom(base, '203.0.113.7')).status).toBe(200);
    expect(await lastPingAddress()).toBe('203.0.113.7');
    const warning = logs.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.msg.includes('trust_proxy'));
    expect(warning).toMatchObject({ level: 40, msg: 'server.trust_proxy is deprecated: rename it server.trusted_proxies (both are read for now)' });
  });
});
