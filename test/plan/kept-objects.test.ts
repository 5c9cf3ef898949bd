/**
 * A refused sync keeps running what the file no longer names, from config_objects. Those rows are decoded
 * (store/config-object-codec.ts) before they reach the running config: one damaged in the database is logged
 * with why and left out, the others are kept as they were, on SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/services/config-file-facts.js';
import { syncConfig } from '../../src/services/sync-monitors.js';
import { decodeConfigObject } from '../../src/store/config-object-codec.js';
import { listConfigObjects, type ConfigObjectsTable } from '../../src/store/config-objects.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { postgresStore, postgresUrl, sqliteStore } from '../store/dialects.js';

const monitors = (n: number) =>
  `monitors:\n${Array.from({ length: n }, (_, i) => `  - id: m-${String(i).padStart(2, '0')}\n    type: http\n    url: https://example.com/${i}\n`).join('')}`;
const channels = (ids: number[]) =>
  `channels:\n${ids.map((i) => `  ops-${i}:\n    type: webhook\n    url: https://hooks.example.com/${i}\n    secret: s${i}\n`).join('')}`;
const full = `${channels([0, 1, 2, 3])}escalations:
  pol:
    - after: 5m
      notify: [ops-1]
  late:
    - after: 10m
      notify: [ops-2]
maintenance:
  - name: upgrade
    start: 2030-01-01T00:00:00Z
    duration: 1h
    monitors: [m-01]
status_pages:
  - slug: public
    title: Public
    export_every: 5m
    components: [{ name: Web, monitors: [m-01] }]
${monitors(20)}`;
const shrunk = `${channels([0])}escalations: {}\nmaintenance: []\nstatus_pages: []\n${monitors(5)}`;

describe('decoding a stored config object', () => {
  it.each([
    ['a channel', 'channel', { type: 'webhook', url: 'https://hooks.example.com/1', headers: {} }],
    ['a policy', 'escalation', [{ after: 300_000, notify: ['ops'] }]],
    ['a window', 'maintenance', { name: 'w', start: 1_893_456_000_000, duration: 3_600_000, tz: 'UTC', monitors: ['web'], announce_on: [] }],
    ['a page', 'status_page', { slug: 'p', title: 'P', components: [], export_every: 300_000 }],
  ] as const)('takes back %s as a sync resolved it', (_what, kind, definition) => {
    expect(decodeConfigObject(kind, JSON.stringify(definition))).toEqual({ ok: true, definition });
  });

  it.each([
    ['text that is not JSON', 'channel', '{"type":"web', /^stored definition is not JSON \(/],
    ['a step whose delay was never resolved', 'escalation', [{ after: '5m', notify: ['ops'] }], /^stored definition is invalid at 0\.after: /],
    ['a window without monitors', 'maintenance', { name: 'w', start: 0, duration: 1, tz: 'UTC', monitors: [], announce_on: [] }, /at monitors: /],
    ['an unknown channel type', 'channel', { type: 'carrier-pigeon' }, /at type: /],
  ] as const)('refuses %s, saying where', (_what, kind, definition, problem) => {
    const decoded = decodeConfigObject(kind, definition);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problem).toMatch(problem);
  });
});

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !postgresUrl)(`objects kept by a refused sync (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let dir: string;
    const file = () => join(dir, 'tocsin.yaml');

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tocsin-kept-'));
      ({ store, cleanup } = dialect === 'sqlite' ? await sqliteStore() : await postgresStore(postgresUrl ?? ''));
      await migrate(store.db);
    });
    afterAll(async () => {
      await store.close();
      await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('are decoded: a damaged row is logged with why and left out, the rest run as they were', async () => {
      writeFileSync(file(), full);
      await syncConfig(store.db, await readConfigFile(file(), {}), { allowDeletions: false, now: 1_000, logger: pino({ level: 'silent' }) });
      const objects = store.db.withTables<{ config_objects: ConfigObjectsTable }>();
      // Damaged in the database, as a bad restore or a hand edit would.
      await objects.updateTable('config_objects').set({ definition: '{"type":"webh' }).where('kind', '=', 'channel').where('id', '=', 'ops-3').execute();
      await objects
        .updateTable('config_objects')
        .set({ definition: JSON.stringify([{ after: '5m', notify: ['ops-1'] }]) })
        .where('kind', '=', 'escalation')
        .where('id', '=', 'pol')
        .execute();
      const listed = await listConfigObjects(store.db);
      expect(listed.find((o) => o.id === 'ops-3')).toMatchObject({ definition: null, problem: expect.stringMatching(/^stored definition is not JSON/) });
      expect(listed.find((o) => o.id === 'ops-1')?.problem).toBeUndefined();

      const logged: Array<{ level: number; msg: string }> = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) });
      writeFileSync(file(), shrunk);
      const running = await syncConfig(store.db, await readConfigFile(file(), {}), { allowDeletions: false, now: 2_000, logger, onRefusal: 'keep' });

      expect(running.monitors).toHaveLength(20);
      expect(Object.keys(running.channels ?? {}).sort()).toEqual(['ops-0', 'ops-1', 'ops-2']);
      expect(running.channels?.['ops-2']).toEqual({ type: 'webhook', url: 'https://hooks.example.com/2', secret: 's2', headers: {} });
      expect(running.escalations).toEqual({ late: [{ after: 600_000, notify: ['ops-2'] }] });
      expect(running.maintenance).toEqual([
        { name: 'upgrade', start: Date.parse('2030-01-01T00:00:00Z'), duration: 3_600_000, tz: 'UTC', monitors: ['m-01'], announce_on: [] },
      ]);
      expect(running.status_pages).toEqual([{ slug: 'public', title: 'Public', export_every: 300_000, components: [{ name: 'Web', monitors: ['m-01'] }] }]);
      const errors = logged.filter((l) => l.level >= 50).map((l) => l.msg);
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^channel ops-3 is kept in the store but cannot be used: its stored definition is not JSON/),
          expect.stringMatching(/^escalation pol is kept in the store but cannot be used: its stored definition is invalid at 0\.after: /),
        ]),
      );
      expect(JSON.stringify(logged)).not.toContain('s3');
    });
  });
}
