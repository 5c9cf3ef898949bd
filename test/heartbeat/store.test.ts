import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countAutoCreatedHeartbeats,
  dropOldestLogs,
  insertHeartbeatRun,
  keptLogBytes,
  monitorCreatedAt,
  pruneHeartbeatRuns,
  recentHeartbeatRuns,
  type HeartbeatRun,
} from '../../src/store/heartbeats.js';
import { migrations } from '../../src/store/migrations/index.js';
import { migrate } from '../../src/store/migrate.js';
import { DIALECTS, openTestStore, type TestStore } from './stores.js';

const run = (monitorId: string, at: number, extra: Partial<HeartbeatRun> = {}): HeartbeatRun => ({
  log_bytes: extra.log ? Buffer.byteLength(extra.log) : null,
  log_dropped_at: null,
  id: randomUUID(),
  monitor_id: monitorId,
  rid: null,
  kind: 'success',
  at,
  started_at: null,
  ended_at: at,
  duration_ms: null,
  exit_status: null,
  log: null,
  method: 'GET',
  remote_addr: '127.0.0.1',
  user_agent: 'curl/7.88.1',
  ...extra,
});

describe.each(DIALECTS)('heartbeat store on %s', (dialect) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(dialect, 'hb_store');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('migrates a fresh database up to the heartbeat table, and again is a no-op', async () => {
    expect(await migrate(t.store.db)).toEqual([]);
  });

  it('stores a ping with every field and reads it back unchanged', async () => {
    const row = run('backup', 1_763_604_000_123, {
      rid: randomUUID(),
      kind: 'fail',
      started_at: 1_763_603_000_000,
      duration_ms: 1_000_123,
      exit_status: 255,
      log: 'é'.repeat(50_000),
      method: 'POST',
      remote_addr: '::1',
    });
    await insertHeartbeatRun(t.store.db, row);
    expect(await recentHeartbeatRuns(t.store.db, 'backup', 10)).toEqual([row]);
  });

  it('returns the latest pings of one monitor, oldest first', async () => {
    for (let i = 0; i < 5; i++) await insertHeartbeatRun(t.store.db, run('nightly', 1000 + i));
    await insertHeartbeatRun(t.store.db, run('other', 2000));
    const rows = await recentHeartbeatRuns(t.store.db, 'nightly', 3);
    expect(rows.map((r) => r.at)).toEqual([1002, 1003, 1004]);
  });

  it('prunes pings older than a cut-off', async () => {
    await insertHeartbeatRun(t.store.db, run('prune', 10));
    await insertHeartbeatRun(t.store.db, run('prune', 5_000_000_000_000));
    expect(await pruneHeartbeatRuns(t.store.db, 100)).toBeGreaterThanOrEqual(1);
    expect((await recentHeartbeatRuns(t.store.db, 'prune', 10)).map((r) => r.at)).toEqual([5_000_000_000_000]);
  });

  it('drops the oldest logs of one monitor first, keeping the rows and when each log was dropped', async () => {
    for (let i = 0; i < 4; i++) await insertHeartbeatRun(t.store.db, run('budget', 100 + i, { log: 'x'.repeat(1000) }));
    await insertHeartbeatRun(t.store.db, run('budget', 99, { method: 'GET' }));
    await insertHeartbeatRun(t.store.db, run('neighbour', 50, { log: 'y'.repeat(1000) }));
    expect(await keptLogBytes(t.store.db, 'budget')).toBe(4000);
    expect(await dropOldestLogs(t.store.db, 'budget', 1500, 777)).toBe(2000);
    const rows = await recentHeartbeatRuns(t.store.db, 'budget', 10);
    expect(rows.map((r) => [r.at, r.log?.length ?? null, r.log_bytes, r.log_dropped_at])).toEqual([
      [99, null, null, null],
      [100, null, 1000, 777],
      [101, null, 1000, 777],
      [102, 1000, 1000, null],
      [103, 1000, 1000, null],
    ]);
    expect(await keptLogBytes(t.store.db, 'budget')).toBe(2000);
    expect(await keptLogBytes(t.store.db, 'neighbour')).toBe(1000);
    expect(await dropOldestLogs(t.store.db, 'budget', 1_000_000, 778)).toBe(2000);
    expect(await keptLogBytes(t.store.db, 'budget')).toBe(0);
  });

  it('gives the logs stored before the budget existed their size', async () => {
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0012'));
    const old = await openTestStore(dialect, 'hb_old', before);
    try {
      const { log_bytes: _bytes, log_dropped_at: _dropped, ...row } = run('legacy', 5, { log: 'abc' });
      await old.store.db.withTables<{ heartbeat_runs: typeof row }>().insertInto('heartbeat_runs').values(row).execute();
      await migrate(old.store.db);
      expect(await keptLogBytes(old.store.db, 'legacy')).toBe(3);
    } finally {
      await old.drop();
    }
  });

  const insertHeartbeat = (id: string, definition: string, at: number) =>
    t.store.db
      .insertInto('monitors')
      .values({ id, name: id, type: 'heartbeat', source: 'api', definition, created_at: at, updated_at: at, deleted_at: null })
      .execute();

  it('answers when each monitor was first recorded', async () => {
    await insertHeartbeat('srv01', '{"type":"heartbeat"}', 1234);
    expect(await monitorCreatedAt(t.store.db, ['srv01', 'missing'])).toEqual(new Map([['srv01', 1234]]));
  });

  it('counts only the live heartbeat monitors that pings created', async () => {
    const before = await countAutoCreatedHeartbeats(t.store.db);
    await insertHeartbeat('made-by-ping', '{"tags":["auto-provisioned"]}', 1);
    await insertHeartbeat('made-by-api', '{"tags":[]}', 1);
    expect(await countAutoCreatedHeartbeats(t.store.db)).toBe(before + 1);
    await t.store.db.updateTable('monitors').set({ deleted_at: 2 }).where('id', '=', 'made-by-ping').execute();
    expect(await countAutoCreatedHeartbeats(t.store.db)).toBe(before);
  });
});
