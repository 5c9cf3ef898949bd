/** tocsin import healthchecks: against a local server answering as Healthchecks' API v3 docs show. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHealthchecks } from '../../src/import/healthchecks.js';
import { validated } from './validate.js';

const KEY = 'hcw_0123456789abcdef0123456789ab';
const checks = {
  checks: [
    {
      name: 'Backups',
      slug: 'backups',
      tags: 'prod www',
      desc: 'nightly',
      grace: 900,
      n_pings: 1,
      status: 'up',
      started: false,
      last_ping: '2026-12-01T10:00:00+00:00',
      next_ping: '2026-12-02T10:00:00+00:00',
      manual_resume: false,
      methods: '',
      ping_url: 'https://hc-ping.com/31365bce-8da9-4729-8ff3-aaa71d56b712',
      timeout: 86400,
    },
    {
      name: 'Reports',
      slug: '',
      tags: '',
      grace: 3600,
      status: 'paused',
      manual_resume: true,
      ping_url: 'https://hc-ping.com/803f680d-e89b-492b-82ef-2be7b774a92d',
      schedule: '0 2 * * *',
      tz: 'Europe/Riga',
    },
    { name: 'Read-only view', slug: 'ro', unique_key: 'a6c7b0a8a66bed0df66abfdab3c77736861703ee', grace: 60, timeout: 60 },
  ],
};
const channels = { channels: [{ id: '4ec5a071-2d08-4baa-898a-eb4eb3cd6941', name: 'My Work Email', kind: 'email' }] };

let server: Server;
let base: string;
let mode: 'ok' | 'slow' | 'huge' = 'ok';
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.headers['x-api-key'] !== KEY) return void response.writeHead(401).end('{"error": "missing api key"}');
    if (mode === 'slow') return; // never answers
    if (mode === 'huge') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && response.write(chunk)) sent++;
        if (sent < 64) response.once('drain', pump);
        else response.end();
      };
      return void pump();
    }
    const body = request.url === '/api/v3/checks/' ? checks : request.url === '/api/v3/channels/' ? channels : undefined;
    if (!body) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('importing from the Healthchecks API v3', () => {
  it('makes each check a heartbeat with the same UUID, timing, grace, tags and pause settings', async () => {
    mode = 'ok';
    const { config, skipped } = validated(await importHealthchecks({ url: `${base}/`, apiKey: KEY }));
    expect(config.monitors.map((m) => [m.id, m.name, m.type])).toEqual([
      ['backups', 'Backups', 'heartbeat'],
      ['reports', 'Reports', 'heartbeat'],
    ]);
    expect(config.monitors[0]).toMatchObject({
      tags: ['prod', 'www'],
      settings: { uuid: '31365bce-8da9-4729-8ff3-aaa71d56b712', period: 86_400_000, grace: 900_000 },
    });
    expect(config.monitors[1]).toMatchObject({ paused: true, settings: { schedule: '0 2 * * *', tz: 'Europe/Riga', grace: 3_600_000, manual_resume: true } });
    expect(skipped).toEqual([
      'check "Read-only view": no UUID (a read-only API key hides it); use a read-write key',
      'integration "My Work Email" (email): the API does not reveal its settings; add it under channels by hand',
    ]);
  });

  it('says the key was refused, without repeating it', async () => {
    const error = await importHealthchecks({ url: base, apiKey: 'wrong-key' }).catch((e: Error) => e);
    expect((error as Error).message).toBe(`${base}/api/v3/checks/ refused the API key (401): expected a project API key from Settings → API Access`);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    mode = 'slow';
    await expect(importHealthchecks({ url: base, apiKey: KEY, timeoutMs: 300 })).rejects.toThrow(`cannot reach ${base}/api/v3/checks/: no answer within 0.3s`);
  });

  it('stops reading an answer larger than the limit', async () => {
    mode = 'huge';
    await expect(importHealthchecks({ url: base, apiKey: KEY, maxBytes: 1_000_000 })).rejects.toThrow('sent more than 1000000 bytes');
  });
});
