import { expect, it } from 'vitest';
import { insertResults, type ResultRow } from '../../src/store/results.js';
import { storeFacts } from '../../src/store/table-sizes.js';
import { describeStore } from './dialects.js';

const NOW = 1_800_000_000_000;
const row = (monitorId: string, at: number): ResultRow => ({
  monitorId,
  at,
  status: 'up',
  latencyMs: 3.5,
  message: 'HTTP 200 in 4 ms',
  timings: { connect: 1, total: 4 },
});

describeStore('what the store occupies', (store) => {
  it('sizes every table with its indexes and counts the results of the last 24 h', async () => {
    const rows: ResultRow[] = [];
    for (let i = 0; i < 2_000; i++) rows.push(row(`m${i % 20}`, NOW - 3_600_000 + i * 1000));
    rows.push(row('old', NOW - 2 * 86_400_000));
    await insertResults(store().db, rows);
    const facts = await storeFacts(store(), NOW);
    expect(facts.resultsPerDay).toBe(2_000);
    expect(facts.monitorsReporting).toBe(20);
    // Each monitor's first result is a change (there was none before); the rest are routine.
    expect(facts.keptPerDay).toBe(20);
    expect(facts.keptBytesPerRow!).toBeGreaterThan(facts.routineBytesPerRow!);
    const results = facts.tables.find((t) => t.table === 'results')!;
    expect(results.rows).toBe(2_001);
    // A compact row, its index entry and page overhead: more than the payload, far less than a page each.
    expect(results.bytes / results.rows).toBeGreaterThan(15);
    expect(results.bytes / results.rows).toBeLessThan(1_000);
    expect(facts.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['results', 'rollups', 'monitor_state', 'outbox']));
    expect(facts.tables.some((t) => t.table.startsWith('sqlite_') || t.table.startsWith('kysely_'))).toBe(false);
  });
});
