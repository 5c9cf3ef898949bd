/**
 * Stored monitor definitions are validated on read (store/monitor-codec.ts): a row corrupted in the
 * database, or written by a newer tocsin, is reported on its monitor alone; it never stops a listing,
 * the other monitors, or the API's reads.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/api/auth/access.js';
import { monitorView } from '../../src/api/routes/views.js';
import { TocsinError } from '../../src/lib/errors.js';
import { parseConfig, resolveConfig, type Config, type MonitorConfig } from '../../src/schema/config.js';
import { loadApiMonitors, replaceMonitor, setMonitorPaused, type MonitorWriterDeps } from '../../src/services/monitors-api.js';
import { decodeMonitorDefinition, MONITOR_DEFINITION_VERSION } from '../../src/store/monitor-codec.js';
import { applyMonitorSync, listMonitors } from '../../src/store/monitors.js';
import { describeStore } from './dialects.js';

const config: Config = (() => {
  const parsed = parseConfig({ monitors: [{ id: 'web', type: 'http', url: 'https://web.example.org', timeout: '5s', expect: { max_latency: '2s' } }] });
  if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
  return resolveConfig(parsed.value);
})();
const web = config.monitors[0]!;
const admin: Actor = { kind: 'user', id: 'u1', label: 'ana@example.org', role: 'admin', scope: 'write', viaCookie: false };

describe('decoding a stored monitor definition', () => {
  it('takes back what tocsin writes, as JSON text or as the parsed value', () => {
    expect(decodeMonitorDefinition(JSON.stringify(web), MONITOR_DEFINITION_VERSION)).toEqual({ ok: true, monitor: web });
    expect(decodeMonitorDefinition(JSON.parse(JSON.stringify(web)), 1)).toEqual({ ok: true, monitor: web });
  });

  it.each([
    ['text that is not JSON', '{"id":"web",', 1, /^stored definition is not JSON \(/],
    ['a newer version', web, 2, /^stored definition has version 2, written by a newer tocsin \(this one reads up to 1\)$/],
    ['an unknown type', { ...web, type: 'gopher' }, 1, /^stored definition \(version 1\) is invalid at type: /],
    ['a missing interval', { ...web, interval: undefined }, 1, /^stored definition \(version 1\) is invalid at interval: /],
    ['settings that are not an object', { ...web, settings: [1] }, 1, /^stored definition \(version 1\) is invalid at settings: /],
    [
      'a setting its type does not have',
      { ...web, settings: { ...web.settings, frobnicate: 1 } },
      1,
      /^stored definition \(version 1\) is invalid at settings\.frobnicate: not a setting of http monitors$/,
    ],
  ])('refuses %s, saying where', (_what, definition, version, problem) => {
    const decoded = decodeMonitorDefinition(definition, version);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problem).toMatch(problem);
  });
});

describeStore('stored monitor definitions read back', (store) => {
  const deps = (): MonitorWriterDeps => ({ db: store().db, clock: { now: () => 5_000 }, config: () => config, onChanged: async () => {} });

  async function seed(): Promise<void> {
    const db = store().db;
    await applyMonitorSync(
      db,
      { added: [{ id: 'web', type: 'http', name: 'web', definition: web }], changed: [], unchanged: [], removed: [], restored: [] },
      1_000,
      'api',
    );
    const row = (id: string, definition: string, version = 1) => ({
      id,
      type: 'http',
      name: id,
      source: 'api' as const,
      definition,
      definition_version: version,
      created_at: 1_000,
      updated_at: 1_000,
      deleted_at: null,
    });
    // Written straight into the database, as a bad restore or a hand edit would.
    await db
      .insertInto('monitors')
      .values([
        row('truncated', JSON.stringify(web).slice(0, 40)),
        row('drifted', JSON.stringify({ ...web, id: 'drifted', settings: { ...web.settings, frobnicate: true } })),
        row('future', JSON.stringify({ ...web, id: 'future' }), 7),
      ])
      .execute();
  }

  it('writes the current version with every definition', async () => {
    await seed();
    const rows = await listMonitors(store().db);
    expect(rows.find((r) => r.id === 'web')?.definitionVersion).toBe(MONITOR_DEFINITION_VERSION);
  });

  it('runs the readable monitors and reports each unreadable one with why, instead of failing or dropping it', async () => {
    await seed();
    expect(await listMonitors(store().db)).toHaveLength(4);
    const loaded = await loadApiMonitors(store().db, new Set());
    expect(loaded.monitors.map((m: MonitorConfig) => m.id)).toEqual(['web']);
    expect(loaded.unreadable).toEqual([
      { id: 'drifted', problem: 'stored definition (version 1) is invalid at settings.frobnicate: not a setting of http monitors' },
      { id: 'future', problem: 'stored definition has version 7, written by a newer tocsin (this one reads up to 1)' },
      { id: 'truncated', problem: expect.stringMatching(/^stored definition is not JSON \(/) },
    ]);
  });

  it('shows an unreadable monitor through the API with its problem, and refuses to pause it, while a PUT replaces it', async () => {
    await seed();
    const row = (await listMonitors(store().db)).find((r) => r.id === 'truncated')!;
    expect(monitorView(row, undefined, undefined, 5_000)).toMatchObject({
      id: 'truncated',
      type: 'http',
      unreadable: expect.stringMatching(/not JSON/),
      state: null,
    });
    const pause = setMonitorPaused(deps(), admin, 'truncated', true);
    await expect(pause).rejects.toBeInstanceOf(TocsinError);
    await expect(pause).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^monitor truncated cannot be paused: its stored definition is not JSON/),
    });
    await replaceMonitor(deps(), admin, 'truncated', { id: 'truncated', type: 'tcp', host: '127.0.0.1', port: 9 });
    const loaded = await loadApiMonitors(store().db, new Set());
    expect(loaded.monitors.map((m) => m.id).sort()).toEqual(['truncated', 'web']);
    expect(loaded.unreadable.map((u) => u.id)).toEqual(['drifted', 'future']);
  });
});
