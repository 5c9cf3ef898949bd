/**
 * Notices about tocsin itself from a cluster: two real instances (in this process) on one PostgreSQL
 * schema of their own, paging a real webhook receiver. An API monitor whose stored row no longer
 * decodes is seen by both (each loads every monitor), and the fallback channel is told once: the
 * notice's dedup key is one per object and problem, so the second instance's insert is a no-op.
 * Needs TOCSIN_TEST_POSTGRES_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { eventually } from '../alerting/live.js';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL;

describe.skipIf(!PG)('notices about tocsin itself in a cluster', () => {
  let dir = '';
  let schema = '';
  let receiver: Receiver;
  const instances: Tocsin[] = [];

  beforeAll(async () => {
    schema = `tocsin_notices_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    receiver = await startReceiver();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-notices-'));
    const url = new URL(PG!);
    url.searchParams.set('schema', schema);
    for (const name of ['tocsin-a', 'tocsin-b']) {
      const config = {
        database: { url: url.toString() },
        cluster: { enabled: true, instance_name: name, lease_ttl: '5s', renew_every: '1s' },
        channels: { ops: { type: 'webhook', url: receiver.url } },
        escalations: { fallback: ['ops'] },
        monitors: [],
      };
      await writeFile(join(dir, `${name}.yaml`), stringify(config));
      instances.push(await startTocsin({ configPath: join(dir, `${name}.yaml`), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' }));
    }
  }, 60_000);

  afterAll(async () => {
    for (const t of instances) await t.stop().catch(() => undefined);
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (PG && schema) {
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });

  it('tells the fallback channel once about an unreadable API monitor both instances load', async () => {
    const now = Date.now();
    await instances[0]!.store.db
      .insertInto('monitors')
      .values({ id: 'shop', type: 'http', name: 'shop', source: 'api', definition: '{"id":"shop","type":', created_at: now, updated_at: now, deleted_at: null })
      .execute();
    await Promise.all(instances.map((t) => t.api.onMonitorsChanged()));
    const notices = () =>
      receiver.requests.map((r) => JSON.parse(r.body.toString()) as { event: string; message: string }).filter((n) => n.message.includes('"shop"'));
    await eventually(() => notices().length > 0, 'the notice', 15_000);
    // Both have reported; a second notice would be queued by now and delivered within a poll.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(notices().map((n) => n.event)).toEqual(['tocsin.self']);
    expect(notices()[0]!.message).toMatch(/^API monitor "shop" is not in use: stored definition is not JSON/);
  }, 60_000);
});
