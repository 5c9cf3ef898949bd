import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertHeartbeatRun,
  insertProvisionedHeartbeat,
  monitorCreatedAt,
  provisionedHeartbeats,
  pruneHeartbeatRuns,
  recentHeartbeatRuns,
  type HeartbeatRun,
} from '../../src/store/heartbeats.js';
import { migrate } from '../../src/store/migrate.js';
import { DIALECTS, openTestStore, type TestStore } from './stores.js';

const run = (monitorId: string, at: number, extra: Partial<HeartbeatRun> = {}): HeartbeatRun => ({
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

  it('records an auto-provisioned heartbeat once and lists it', async () => {
    const monitor = { id: 'srv01', name: 'srv01', definition: '{"type":"heartbeat"}' };
    expect(await insertProvisionedHeartbeat(t.store.db, monitor, 1234)).toBe(true);
    expect(await insertProvisionedHeartbeat(t.store.db, monitor, 5678)).toBe(false);
    expect(await provisionedHeartbeats(t.store.db)).toEqual([{ ...monitor, created_at: 1234 }]);
    expect(await monitorCreatedAt(t.store.db, ['srv01', 'missing'])).toEqual(new Map([['srv01', 1234]]));
  });
});
