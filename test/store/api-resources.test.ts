/**
 * Channels, escalation policies, maintenance windows and status pages stored through the API: a
 * definition with its schema version, decoded on read (store/api-resource-codec.ts). A row corrupted in
 * the database or written by a newer tocsin is listed with why, never used, and never stops the others.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig } from '../../src/schema/config.js';
import { mergeApiResources, storedResource } from '../../src/services/api-resources.js';
import { API_RESOURCE_DEFINITION_VERSION, decodeApiResource } from '../../src/store/api-resource-codec.js';
import { deleteApiResource, getApiResource, listApiResources, putApiResource, type ApiResourcesTable } from '../../src/store/api-resources.js';
import type { Db } from '../../src/store/schema.js';
import { describeStore } from './dialects.js';

const slack = { type: 'slack', url: 'https://hooks.example.org/x' };
const policy = [{ after: '0s', notify: ['ops'] }];
const window = { name: 'upgrade', start: '2030-01-01T00:00:00Z', duration: '1h', monitors: ['web'] };
const page = { slug: 'public', title: 'Public', components: [] };

const rows = (db: Db) => db.withTables<{ api_resources: ApiResourcesTable }>();

describe('decoding a stored API resource', () => {
  it('takes back what tocsin writes, as stored', () => {
    expect(decodeApiResource('channel', JSON.stringify(slack), API_RESOURCE_DEFINITION_VERSION)).toEqual({ ok: true, definition: slack });
    expect(decodeApiResource('maintenance', JSON.stringify(window), 1)).toEqual({ ok: true, definition: window });
  });

  it.each([
    ['text that is not JSON', 'channel', '{"type":"sla', 1, /^stored definition is not JSON \(/],
    ['a newer version', 'channel', JSON.stringify(slack), 2, /^stored definition has version 2, written by a newer tocsin \(this one reads up to 1\)$/],
    ['a version no tocsin writes', 'channel', JSON.stringify(slack), 0, /^stored definition has version 0, which no tocsin writes/],
    ['an unknown channel type', 'channel', JSON.stringify({ type: 'carrier-pigeon' }), 1, /^type: /],
    ['a step without channels', 'escalation', JSON.stringify([{ after: '0s' }]), 1, /^\[0\]\.notify: /],
    ['a window without a start', 'maintenance', JSON.stringify({ ...window, start: undefined }), 1, /^start: /],
    ['an unknown kind', 'monitor', JSON.stringify(slack), 1, /^stored kind "monitor" is not one this tocsin knows/],
  ])('refuses %s, saying why', (_what, kind, definition, version, problem) => {
    const decoded = decodeApiResource(kind, definition, version);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problem).toMatch(problem);
  });
});

describeStore('api resources', (store) => {
  beforeEach(async () => {
    await rows(store().db).deleteFrom('api_resources').execute();
  });

  it('stores a definition as JSON with its version and reads it back by kind and id', async () => {
    const { db } = store();
    await putApiResource(db, 'channel', 'ops', slack, 1000);
    await putApiResource(db, 'escalation', 'ops', policy, 1000);
    expect(await getApiResource(db, 'channel', 'ops')).toEqual({
      kind: 'channel',
      id: 'ops',
      ok: true,
      definition: slack,
      createdAt: 1000,
      updatedAt: 1000,
      deletedAt: null,
    });
    expect((await listApiResources(db, { kind: 'escalation' })).map((r) => r.id)).toEqual(['ops']);
    expect(await listApiResources(db)).toHaveLength(2);
    const versions = await rows(db).selectFrom('api_resources').select('definition_version').execute();
    expect(versions.map((r) => Number(r.definition_version))).toEqual([API_RESOURCE_DEFINITION_VERSION, API_RESOURCE_DEFINITION_VERSION]);
  });

  it('replaces a definition and keeps when it was created', async () => {
    const { db } = store();
    await putApiResource(db, 'maintenance', 'w1', window, 1000);
    await putApiResource(db, 'maintenance', 'w1', { ...window, name: 'b' }, 2000);
    const row = await getApiResource(db, 'maintenance', 'w1');
    expect(row).toMatchObject({ ok: true, definition: { name: 'b' }, createdAt: 1000, updatedAt: 2000 });
  });

  it('soft-deletes, hides the deleted id from reads, and restores it when put again', async () => {
    const { db } = store();
    await putApiResource(db, 'channel', 'ops', slack, 1000);
    expect(await deleteApiResource(db, 'channel', 'ops', 2000)).toBe(true);
    expect(await deleteApiResource(db, 'channel', 'ops', 3000)).toBe(false);
    expect(await getApiResource(db, 'channel', 'ops')).toBeUndefined();
    expect(await listApiResources(db)).toEqual([]);
    expect((await listApiResources(db, { includeDeleted: true }))[0]).toMatchObject({ id: 'ops', deletedAt: 2000 });
    await putApiResource(db, 'channel', 'ops', { type: 'discord', url: 'https://discord.example.org/api/webhooks/1/x' }, 4000);
    expect(await getApiResource(db, 'channel', 'ops')).toMatchObject({ ok: true, definition: { type: 'discord' }, deletedAt: null });
  });

  it('stores status pages beside the other kinds', async () => {
    const { db } = store();
    await putApiResource(db, 'status_page', 'public', page, 1000);
    await putApiResource(db, 'channel', 'public', slack, 1000);
    expect(await getApiResource(db, 'status_page', 'public')).toMatchObject({ kind: 'status_page', ok: true, definition: { title: 'Public' } });
    expect((await listApiResources(db)).map((r) => r.kind)).toEqual(['channel', 'status_page']);
  });

  describe('rows corrupted in the database or written by a newer tocsin', () => {
    async function seedCorrupted(db: Db): Promise<void> {
      await putApiResource(db, 'channel', 'ops', slack, 1000);
      await putApiResource(db, 'maintenance', 'fine', window, 1000);
      const row = (kind: ApiResourcesTable['kind'], id: string, definition: string, version = 1) => ({
        kind,
        id,
        definition,
        definition_version: version,
        created_at: 1000,
        updated_at: 1000,
        deleted_at: null,
      });
      // Written straight into the database, as a bad restore or a hand edit would.
      await rows(db)
        .insertInto('api_resources')
        .values([
          row('channel', 'truncated', JSON.stringify(slack).slice(0, 12)),
          row('escalation', 'drifted', JSON.stringify([{ after: '0s', notify: 'ops' }])),
          row('maintenance', 'future', JSON.stringify(window), 7),
        ])
        .execute();
    }

    it('are listed with why and never stop the others', async () => {
      const { db } = store();
      await seedCorrupted(db);
      const listed = await listApiResources(db);
      expect(listed.filter((r) => r.ok).map((r) => r.id)).toEqual(['ops', 'fine']);
      const problems = Object.fromEntries(listed.flatMap((r) => (r.ok ? [] : [[r.id, r.problem]])));
      expect(problems.truncated).toMatch(/^stored definition is not JSON \(/);
      expect(problems.drifted).toMatch(/^\[0\]\.notify: /);
      expect(problems.future).toBe('stored definition has version 7, written by a newer tocsin (this one reads up to 1)');
      expect(await getApiResource(db, 'maintenance', 'future')).toMatchObject({ ok: false, problem: expect.stringMatching(/version 7/) });
    });

    it('are not merged into the running config, and each is reported once with why', async () => {
      const { db } = store();
      await seedCorrupted(db);
      const parsed = parseConfig({ monitors: [{ id: 'web', type: 'tcp', host: '127.0.0.1', port: 9 }] });
      if (!parsed.ok) throw new Error('test config');
      const skipped: Array<[string, string]> = [];
      const merged = mergeApiResources(resolveConfig(parsed.value), (await listApiResources(db)).map(storedResource), (r, problem) =>
        skipped.push([`${r.kind} ${r.id}`, problem]),
      );
      expect(Object.keys(merged.channels)).toEqual(['ops']);
      expect(Object.keys(merged.escalations)).not.toContain('drifted');
      expect(merged.maintenance.map((w) => w.name)).toEqual(['upgrade']);
      expect(skipped.map(([what]) => what).sort()).toEqual(['channel truncated', 'escalation drifted', 'maintenance future']);
      expect(Object.fromEntries(skipped)).toEqual({
        'channel truncated': expect.stringMatching(/^stored definition is not JSON/),
        'escalation drifted': expect.stringMatching(/^\[0\]\.notify: /),
        'maintenance future': expect.stringMatching(/^stored definition has version 7/),
      });
    });

    it('are made readable again by a write, which stores the current version', async () => {
      const { db } = store();
      await seedCorrupted(db);
      await putApiResource(db, 'maintenance', 'future', window, 2000);
      expect(await getApiResource(db, 'maintenance', 'future')).toMatchObject({ ok: true, definition: window, createdAt: 1000, updatedAt: 2000 });
      const stored = await rows(db).selectFrom('api_resources').select('definition_version').where('id', '=', 'future').executeTakeFirstOrThrow();
      expect(Number(stored.definition_version)).toBe(API_RESOURCE_DEFINITION_VERSION);
      expect(await deleteApiResource(db, 'channel', 'truncated', 3000)).toBe(true);
      expect((await listApiResources(db)).map((r) => r.id)).not.toContain('truncated');
    });
  });
});
