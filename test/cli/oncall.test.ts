import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { migrate } from '../../src/store/migrate.js';
import { insertOverride } from '../../src/store/oncall-overrides.js';
import { openStore } from '../../src/store/open.js';
import { runCli } from './run-cli.js';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-oncall-cli-'));
  file = join(dir, 'tocsin.yaml');
  await writeFile(
    file,
    stringify({
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      channels: { a: { type: 'webhook', url: 'http://127.0.0.1:9/a' }, b: { type: 'webhook', url: 'http://127.0.0.1:9/b' } },
      people: { alice: { name: 'Alice Martin', channels: ['a'] }, bob: { name: 'Bob Okafor', channels: ['b'] } },
      schedules: {
        primary: { time_zone: 'Europe/London', layers: [{ name: 'weekly', rotation: 'weekly', start: '2026-01-05', members: ['alice', 'bob'] }] },
        nights: {
          time_zone: 'America/New_York',
          handoff: '18:00',
          layers: [{ name: 'daily', rotation: 'daily', start: '2026-01-01', members: ['bob', 'alice'] }],
        },
      },
    }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tocsin oncall', () => {
  it('prints who is on call and who is next, in each schedule’s own time, from the file alone when there is no store', async () => {
    const run = await runCli(['-c', file, 'oncall', '--at', '2026-07-07T12:00:00Z']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('overrides made through the API are not included');
    expect(run.stdout.split('\n')).toEqual([
      'SCHEDULE  ON CALL       UNTIL                   NEXT',
      'primary   Alice Martin  Mon 13 Jul 09:00 GMT+1  Bob Okafor from Mon 13 Jul 09:00 GMT+1',
      'nights    Bob Okafor    Tue 7 Jul 18:00 GMT-4   Alice Martin from Tue 7 Jul 18:00 GMT-4',
      '',
    ]);
  });

  it('includes the overrides made through the API, and answers JSON for one schedule', async () => {
    const store = await openStore(`sqlite:${join(dir, 'tocsin.db')}`);
    await migrate(store.db);
    await insertOverride(store.db, {
      id: 'o1',
      schedule: 'primary',
      person: 'bob',
      start: Date.parse('2026-07-07T00:00:00Z'),
      end: Date.parse('2026-07-08T00:00:00Z'),
      reason: 'swap',
      createdBy: 'ana',
      createdAt: 0,
    });
    await store.close();
    const run = await runCli(['-c', file, 'oncall', '--schedule', 'primary', '--at', '2026-07-07T12:00:00Z', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.schedules).toHaveLength(1);
    expect(json.schedules[0].now).toMatchObject({ person: 'bob', source: 'override', reason: 'swap', end: '2026-07-08T00:00:00.000Z' });
    expect(json.schedules[0].next).toMatchObject({ person: 'alice', at: '2026-07-08T00:00:00.000Z' });
  });

  it('refuses a time without a zone and a schedule it does not know, naming them', async () => {
    const bad = await runCli(['-c', file, 'oncall', '--at', '2026-07-07 12:00']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--at: expected a time with a zone');
    const unknown = await runCli(['-c', file, 'oncall', '--schedule', 'primray']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no schedule has the id `primray`; did you mean `primary`?');
  });
});
