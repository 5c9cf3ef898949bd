/**
 * Display-only JSON columns read through a schema: a damaged row still lists, saying it is damaged,
 * instead of failing the whole list (store/stored-json.ts).
 */
import { expect, it } from 'vitest';
import { listInstances, registerInstance, type InstancesTable } from '../../src/store/instances.js';
import { insertResults, recentResults, type ResultRow } from '../../src/store/results.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2024, 0, 15, 10, 0, 0);

function result(at: number, extra: Partial<ResultRow> = {}): ResultRow {
  return {
    monitorId: 'damaged-web',
    at,
    status: 'down',
    latencyMs: 12.5,
    message: `refused at ${at}`,
    timings: { total: 12.5 },
    metrics: null,
    missed: false,
    excluded: false,
    ...extra,
  };
}

describeStore('damaged display-only JSON', (store) => {
  it('a result whose detail does not decode lists with a message saying so; its neighbours are intact', async () => {
    const db = store().db;
    const [a, b] = [result(T0), result(T0 + 1_000, { metrics: { http_status: 503 } })];
    await insertResults(db, [a, b]);
    await db.updateTable('results').set({ detail: '{"m":"refused","t":{"total":"slow"}}' }).where('at', '=', T0).execute();
    const [newest, oldest] = await recentResults(db, 'damaged-web');
    expect(newest).toEqual(b);
    expect(oldest).toMatchObject({ at: T0, status: 'down', timings: {}, metrics: null });
    expect(oldest!.message).toMatch(/^\(the stored detail of this result cannot be read: invalid at t\.total: /);
  });

  it('an instance whose health does not decode lists with one problem saying so, not as healthy', async () => {
    const db = store().db;
    const name = `damaged-${Math.random().toString(36).slice(2)}`;
    const fields = {
      pid: 1,
      host: 'h',
      version: '1',
      startedAt: T0,
      heartbeatAt: T0,
      stoppedAt: null,
      checksCompleted: 0,
      monitorsScheduled: 0,
      lastResultAt: null,
    };
    await registerInstance(db, { name, ...fields, health: [{ name: 'store', detail: 'slow' }] });
    await registerInstance(db, { name: `${name}-ok`, ...fields, health: [] });
    expect((await listInstances(db)).find((i) => i.name === name)?.health).toEqual([{ name: 'store', detail: 'slow' }]);
    for (const damaged of ['[{"name":"store"', '[{"name":"store"}]']) {
      await db.withTables<{ instances: InstancesTable }>().updateTable('instances').set({ health: damaged }).where('name', '=', name).execute();
      const listed = await listInstances(db);
      expect(listed.find((i) => i.name === `${name}-ok`)?.health).toEqual([]);
      const health = listed.find((i) => i.name === name)?.health;
      expect(health).toHaveLength(1);
      expect(health![0]!.detail).toMatch(new RegExp(`^the stored health of instance ${name} cannot be read: `));
    }
  });
});
