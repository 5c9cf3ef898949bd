import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirOf, EngineFigures, expectedPerMinute, type SelfSources } from './source.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

type TestSources = SelfSources & { t: number; done: number };

function sources(over: Partial<SelfSources> = {}): TestSources {
  const s: TestSources = {
    t: 1_000_000,
    done: 0,
    now: () => s.t,
    checksCompleted: () => s.done,
    expectedPerMinute: () => 60,
    lagP99Ms: () => 12,
    outbox: () => ({
      pending: 2,
      oldestUndeliveredAt: 1_000_000 - 30_000,
      failing: [
        { channel: 'ops', failingSince: 1_000_000 - 5_000, lastError: 'HTTP 500' },
        { channel: 'mail', failingSince: null, lastError: null },
      ],
    }),
    writes: () => ({ lastWriteMs: 4, lastWriteError: undefined, pending: 0 }),
    ...over,
  };
  return s;
}

describe('the engine figures behind self checks', () => {
  it('counts the checks run since the previous observation against the schedule', async () => {
    const s = sources();
    const figures = new EngineFigures(s);
    s.t += 30_000;
    s.done = 15;
    expect(await figures.observe('checks_per_minute')).toEqual({ metric: 'checks_per_minute', completed: 15, expected: 30, windowMs: 30_000 });
    s.t += 60_000;
    s.done = 75;
    expect(await figures.observe('checks_per_minute')).toEqual({ metric: 'checks_per_minute', completed: 60, expected: 60, windowMs: 60_000 });
  });

  it('does not judge a rate over a window of a few seconds', async () => {
    const s = sources();
    const figures = new EngineFigures(s);
    s.t += 2_000;
    expect(await figures.observe('checks_per_minute')).toMatchObject({ expected: 0 });
  });

  it('reads the outbox age and only the channels that fail', async () => {
    const figures = new EngineFigures(sources());
    expect(await figures.observe('oldest_undelivered')).toEqual({ metric: 'oldest_undelivered', ageMs: 30_000, pending: 2 });
    expect(await figures.observe('failing_channels')).toEqual({
      metric: 'failing_channels',
      failing: [{ channel: 'ops', forMs: 5_000, lastError: 'HTTP 500' }],
    });
  });

  it('reads the free space of the data directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tocsin-self-'));
    const seen = await new EngineFigures(sources({ dataDir: dir })).observe('disk_free');
    expect(seen).toMatchObject({ metric: 'disk_free', path: dir });
    expect((seen as { freeBytes: number }).freeBytes).toBeGreaterThan(0);
  });

  it('says why a figure is unavailable: no data directory, a missing one, no backups', async () => {
    const figures = new EngineFigures(sources({ dataDir: '/nonexistent/tocsin-data' }));
    expect(await figures.observe('disk_free')).toMatchObject({
      unavailable: expect.stringMatching(/^cannot read the free space of \/nonexistent\/tocsin-data/),
    });
    expect(await new EngineFigures(sources()).observe('disk_free')).toMatchObject({ unavailable: 'the store is not a local SQLite file' });
    expect(await figures.observe('backup_age')).toMatchObject({ unavailable: 'tocsin makes no backups here' });
  });

  it('ages the last backup', async () => {
    const figures = new EngineFigures(sources({ lastBackupAt: async () => 1_000_000 - 3_600_000 }));
    expect(await figures.observe('backup_age')).toEqual({ metric: 'backup_age', ageMs: 3_600_000 });
  });
});

describe('what the self figures are measured against', () => {
  it('expects 60 s / interval checks a minute from each active polled monitor', () => {
    const monitors = [
      { type: 'tcp', interval: 1_000, paused: false },
      { type: 'http', interval: 30_000, paused: false },
      { type: 'http', interval: 1_000, paused: true },
      { type: 'heartbeat', interval: 1_000, paused: false },
    ];
    expect(expectedPerMinute(monitors, (m) => m.type !== 'heartbeat')).toBe(62);
  });

  it('finds the data directory of a SQLite store, and none for PostgreSQL or memory', () => {
    expect(dataDirOf('sqlite:/var/lib/tocsin/tocsin.db')).toBe('/var/lib/tocsin');
    expect(dataDirOf('sqlite::memory:')).toBeUndefined();
    expect(dataDirOf('postgres://tocsin@127.0.0.1:5432/tocsin')).toBeUndefined();
  });
});
