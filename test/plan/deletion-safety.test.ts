import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { readConfigFile } from '../../src/services/config-file-facts.js';
import { restoreMonitor } from '../../src/services/restore-deleted.js';
import { describeEntries, planConfig, syncConfig } from '../../src/services/sync-monitors.js';
import { listConfigObjects } from '../../src/store/config-objects.js';
import { migrate } from '../../src/store/migrate.js';
import { listMonitors } from '../../src/store/monitors.js';
import { purgeDeleted } from '../../src/store/purge-deleted.js';
import { insertResults, recentResults } from '../../src/store/results.js';
import { prune } from '../../src/store/retention.js';
import type { Store } from '../../src/store/open.js';
import { postgresStore, postgresUrl, sqliteStore } from '../store/dialects.js';

const channels = (n: number) =>
  `channels:\n${Array.from({ length: n }, (_, i) => `  ops-${i}:\n    type: webhook\n    url: https://hooks.example.com/${i}\n`).join('')}`;
const cli = { kind: 'cli' as const, label: 'tocsin restore (test)' };
const monitors = (n: number) =>
  `monitors:\n${Array.from({ length: n }, (_, i) => `  - id: m-${String(i).padStart(3, '0')}\n    type: http\n    url: https://example.com/${i}\n`).join('')}`;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !postgresUrl)(`config sync deletion safety (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let dir: string;
    let now = 1_800_000_000_000;
    const file = () => join(dir, 'tocsin.yaml');
    const write = (text: string) => writeFileSync(file(), text);
    const sync = async (allowDeletions = false) =>
      syncConfig(store.db, await readConfigFile(file(), {}), { allowDeletions, now: (now += 1000), logger: silentLogger() });
    const live = async () => (await listMonitors(store.db)).length;
    const liveChannels = async () => (await listConfigObjects(store.db)).filter((o) => o.kind === 'channel').length;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tocsin-plan-'));
      ({ store, cleanup } = dialect === 'sqlite' ? await sqliteStore() : await postgresStore(postgresUrl ?? ''));
      await migrate(store.db);
    });
    afterAll(async () => {
      await store.close();
      await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('applies 100 monitors, then refuses a file with 10 of them and deletes nothing', async () => {
      write(channels(5) + monitors(100));
      await sync();
      expect(await live()).toBe(100);
      expect(await liveChannels()).toBe(5);

      write(channels(5) + monitors(10));
      await expect(sync()).rejects.toThrow(/removes 90 monitors of 100 \(m-010, m-011.* and 80 more\), over the limit of 10.*--allow-deletions/);
      expect(await live()).toBe(100);
    });

    it('never deletes for an empty file, a truncated one, a YAML error or a lost channels: section, whatever the flags', async () => {
      const before = JSON.stringify([await listMonitors(store.db, { includeDeleted: true }), await listConfigObjects(store.db, { includeDeleted: true })]);
      write('');
      await expect(sync(true)).rejects.toThrow(/expected a mapping \(key: value\), got nothing/);
      write('# all commented out\n');
      await expect(sync(true)).rejects.toThrow(/got nothing/);
      write('{}\n');
      await expect(sync(true)).rejects.toThrow(/the config file is empty, and an empty file never deletes anything/);
      // Cut in the middle of the channels: section, before monitors: the file lost monitors: entirely.
      write((channels(5) + monitors(100)).split('  ops-3:')[0]!);
      await expect(sync(true)).rejects.toThrow(/no monitors: section/);
      write(`${channels(5)}monitors:\n  - id: m-000\n    type: http\n    url: [unclosed\n`);
      await expect(sync(true)).rejects.toThrow(/tocsin\.yaml/);
      write(monitors(100));
      await expect(sync(true)).rejects.toThrow(/no channels: section.*write the section empty \(e\.g\. channels: \{\}\)/);
      const after = JSON.stringify([await listMonitors(store.db, { includeDeleted: true }), await listConfigObjects(store.db, { includeDeleted: true })]);
      expect(after).toBe(before);
    });

    it("at start, applies a refused plan's edits and keeps running what it would remove, deleting nothing", async () => {
      write(`${channels(5)}${monitors(10)}  - id: new-one\n    type: http\n    url: https://example.com/new\n`);
      const running = await syncConfig(store.db, await readConfigFile(file(), {}), {
        allowDeletions: false,
        now: (now += 1000),
        logger: silentLogger(),
        onRefusal: 'keep',
      });
      expect(running.monitors).toHaveLength(101);
      expect(running.monitors.map((m) => m.id)).toContain('m-099');
      expect(running.channels).toEqual(expect.objectContaining({ 'ops-4': expect.anything() }));
      expect(await live()).toBe(101);
      // The next sync of the same file is refused the same way and changes nothing more.
      await expect(sync()).rejects.toThrow(/removes 90 monitors of 101/);
      expect(await live()).toBe(101);
      write(channels(5) + monitors(100));
      await sync();
      expect(await live()).toBe(100);
    });

    it('removes within the limit without a flag, and past it only with --allow-deletions, as restorable soft deletes', async () => {
      write(channels(5) + monitors(97));
      await sync();
      expect(await live()).toBe(97);

      write(channels(5) + monitors(10));
      await sync(true);
      expect(await live()).toBe(10);
      const removed = (await listMonitors(store.db, { includeDeleted: true })).filter((m) => m.deletedAt !== null && m.id.startsWith('m-'));
      expect(removed).toHaveLength(90);
      const audit = await sql<{
        action: string;
        after: string;
      }>`select action, after from audit_log where action = 'config.apply' order by id desc limit 1`.execute(store.db);
      expect(JSON.parse(audit.rows[0]!.after)).toMatchObject({ added: 0, changed: 0, removed: 87, removed_ids: expect.arrayContaining(['monitor m-010']) });
    });

    it('restores a removed monitor with its results and state', async () => {
      await insertResults(store.db, [{ monitorId: 'm-050', at: now - 5000, status: 'down', latencyMs: 12, message: 'connect refused', timings: {} }]);
      await store.db
        .insertInto('monitor_state')
        .values({
          monitor_id: 'm-050',
          status: 'down',
          since: now - 5000,
          last_at: now - 5000,
          last_status: 'down',
          last_message: 'connect refused',
          last_latency_ms: 12,
          updated_at: now,
          confirming: null,
        })
        .execute();
      await restoreMonitor(store.db, 'm-050', (now += 1000), cli);
      const audit = await sql<{ actor_label: string }>`select actor_label from audit_log where action = 'monitor.restore' and target = 'monitor m-050'`.execute(
        store.db,
      );
      expect(audit.rows).toEqual([{ actor_label: 'tocsin restore (test)' }]);
      const row = (await listMonitors(store.db)).find((m) => m.id === 'm-050');
      expect(row).toMatchObject({ source: 'api', deletedAt: null });
      expect(await recentResults(store.db, 'm-050')).toHaveLength(1);
      expect((await store.db.selectFrom('monitor_state').selectAll().where('monitor_id', '=', 'm-050').executeTakeFirst())?.status).toBe('down');
      // The next sync from the same file keeps it: it belongs to the API now.
      await sync();
      expect((await listMonitors(store.db)).some((m) => m.id === 'm-050')).toBe(true);
      await expect(restoreMonitor(store.db, 'm-050', now, cli)).rejects.toThrow(/is not removed/);
      await expect(restoreMonitor(store.db, 'nope', now, cli)).rejects.toThrow(/no monitor "nope"/);
    });

    it('purges what was removed before retention.deleted, history included, and keeps the restored', async () => {
      await insertResults(store.db, [{ monitorId: 'm-060', at: now, status: 'up', latencyMs: 1, message: 'ok', timings: {} }]);
      expect(await purgeDeleted(store.db, now - 86_400_000)).toEqual({ monitors: 0, objects: 0 });
      expect(await purgeDeleted(store.db, (now += 1000))).toEqual({ monitors: 90, objects: 0 }); // 89 of the 90 (one was restored), and new-one;
      expect(await recentResults(store.db, 'm-060')).toEqual([]);
      // The purged monitor's rows go at the next prune; the restored one's stay.
      expect((await prune(store.db, now, { rawMs: 400 * 86_400_000, rollupsMs: 400 * 86_400_000 })).orphans).toBe(1);
      expect(await store.db.selectFrom('results').selectAll().execute()).toHaveLength(1);
      expect(await recentResults(store.db, 'm-050')).toHaveLength(1);
      expect((await listMonitors(store.db, { includeDeleted: true })).length).toBe(11);
    });

    it('plans every kind field by field, with secrets masked', async () => {
      write(
        `${channels(1)}    headers:\n      Authorization: Bearer old-secret-value\n${monitors(10)}status_pages:\n  - slug: public\n    title: Status\n    components:\n      - name: Web\n        monitors: [m-000]\nmaintenance:\n  - name: upgrade\n    start: 2026-12-05T02:00:00Z\n    duration: 1h\n    monitors: [m-001]\nescalations:\n  urgent:\n    - notify: [ops-0]\n`,
      );
      await sync(true);
      write(
        `${channels(1)}    headers:\n      Authorization: Bearer new-secret-value\n${monitors(10).replace('https://example.com/3\n', 'https://example.com/3\n    interval: 30s\n')}status_pages:\n  - slug: public\n    title: Status\n    components:\n      - name: Web\n        monitors: [m-000, m-002]\nescalations:\n  urgent:\n    - notify: [ops-0]\n`,
      );
      const entries = describeEntries(await planConfig(store.db, await readConfigFile(file(), {})));
      const text = JSON.stringify(entries);
      expect(text).not.toContain('secret-value');
      expect(entries).toContainEqual({ kind: 'monitor', id: 'm-003', action: 'change', fields: [{ path: 'interval', before: 60000, after: 30000 }] });
      expect(entries).toContainEqual({
        kind: 'status_page',
        id: 'public',
        action: 'change',
        fields: [{ path: 'components["Web"].monitors', before: ['m-000'], after: ['m-000', 'm-002'] }],
      });
      expect(entries).toContainEqual({ kind: 'maintenance', id: 'upgrade', action: 'remove' });
      const channel = entries.find((e) => e.kind === 'channel');
      expect(channel?.fields).toEqual([expect.objectContaining({ path: 'headers.Authorization', secret: true })]);
    });
  });
}
