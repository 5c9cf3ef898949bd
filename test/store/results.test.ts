import { expect, it } from 'vitest';
import { insertResults, recentResults, type ResultRow } from '../../src/store/results.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2024, 0, 15, 10, 0, 0);

function result(monitorId: string, at: number, extra: Partial<ResultRow> = {}): ResultRow {
  return { monitorId, at, status: 'up', latencyMs: 12.5, message: 'HTTP 200 in 12 ms', timings: { total: 12.5 }, ...extra };
}

describeStore('results', (store) => {
  it('round-trips every field, JSON timings and metrics included', async () => {
    const row: ResultRow = {
      monitorId: 'web',
      at: T0,
      status: 'degraded',
      latencyMs: 123.456,
      message: 'https://example.org answered in 1234 ms, over the 1000 ms limit',
      timings: { dns: 1.25, connect: 3.5, tls: 10, firstByte: 100.75, total: 123.456 },
      metrics: { http_status: 200, tls_days_left: 42 },
      missed: false,
      excluded: false,
    };
    const unknown = result('web', T0 + 1000, { status: 'unknown', missed: true, excluded: true, metrics: null });
    await insertResults(store().db, [row, unknown]);
    const [newest, oldest] = await recentResults(store().db, 'web');
    expect(oldest).toEqual(row);
    expect(newest).toEqual(unknown);
  });

  it('inserts 10,000 rows in one call, quickly', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => result(`m${i % 100}`, T0 + i * 1000, { metrics: { i }, timings: { connect: i % 7, total: i % 11 } }));
    const started = performance.now();
    await insertResults(store().db, rows);
    const elapsed = performance.now() - started;
    console.log(`inserted 10,000 results in ${elapsed.toFixed(0)} ms`);
    const { count } = await store()
      .db.selectFrom('results')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(10_000);
    // Generous: the machine is shared with other test runs (load 20 is usual). Typical figures are printed above.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('writes nothing when a batch fails part-way', async () => {
    const bad = { ...result('web', T0 + 5), status: 'sideways' } as unknown as ResultRow;
    await expect(insertResults(store().db, [result('web', T0), bad])).rejects.toThrow();
    expect(await recentResults(store().db, 'web')).toEqual([]);
  });

  it('pages newest first with limit and a before cursor, within from and to', async () => {
    await insertResults(store().db, [...Array.from({ length: 10 }, (_, i) => result('web', T0 + i * 60_000)), result('other', T0 + 5 * 60_000)]);
    const minutes = (rows: ResultRow[]) => rows.map((r) => (r.at - T0) / 60_000);
    const first = await recentResults(store().db, 'web', { limit: 3 });
    expect(minutes(first)).toEqual([9, 8, 7]);
    const second = await recentResults(store().db, 'web', { limit: 3, before: first.at(-1)?.at });
    expect(minutes(second)).toEqual([6, 5, 4]);
    const window = await recentResults(store().db, 'web', { from: T0 + 2 * 60_000, to: T0 + 5 * 60_000 });
    expect(minutes(window)).toEqual([4, 3, 2]);
  });
});

describeStore('the compact result row', (store) => {
  it('keeps words only on rows that say something new, and shows the earlier words on the others', async () => {
    const db = store().db;
    await insertResults(db, [result('web', T0), result('web', T0 + 60_000, { latencyMs: 3, message: 'HTTP 200 in 3 ms' })]);
    // A second batch: the rule reads the previous result from the store.
    await insertResults(db, [result('web', T0 + 120_000, { latencyMs: 4 }), result('web', T0 + 180_000, { status: 'down', message: 'refused' })]);
    const stored = await db.selectFrom('results').select(['at', 'code', 'detail']).orderBy('at').execute();
    expect(stored.map((r) => [r.code, r.detail === null])).toEqual([
      [16, false],
      [0, true],
      [0, true],
      [2 | 16, false],
    ]);
    const page = await recentResults(db, 'web', { limit: 2 });
    expect(page.map((r) => [r.status, r.message, r.latencyMs, r.detailAt])).toEqual([
      ['down', 'refused', 12.5, undefined],
      ['up', 'HTTP 200 in 12 ms', 4, T0],
    ]);
  });

  it('keeps one result per monitor and millisecond', async () => {
    await insertResults(store().db, [result('web', T0), result('web', T0, { status: 'down' }), result('api', T0)]);
    await insertResults(store().db, [result('web', T0, { status: 'down' })]);
    expect(await recentResults(store().db, 'web')).toHaveLength(1);
    expect(await recentResults(store().db, 'api')).toHaveLength(1);
  });

  it('takes at most 64 bytes a routine row on SQLite, indexes included', async ({ skip }) => {
    const { storeFacts } = await import('../../src/store/table-sizes.js');
    if (store().dialect !== 'sqlite') skip();
    const rows: ResultRow[] = [];
    for (let minute = 0; minute < 300; minute++) {
      for (let m = 0; m < 100; m++) rows.push(result(`web-${m}`, T0 + minute * 60_000 + m * 7, { latencyMs: 3 + (minute % 40) / 10 }));
    }
    await insertResults(store().db, rows);
    const facts = await storeFacts(store(), T0 + 300 * 60_000);
    const table = facts.tables.find((t) => t.table === 'results')!;
    console.log(`SQLite: ${(table.bytes / table.rows).toFixed(1)} bytes a result; routine ${facts.routineBytesPerRow?.toFixed(1)}`);
    expect(facts.routineBytesPerRow!).toBeLessThanOrEqual(64);
  });
});
