import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMonitors } from '../../src/store/monitors.js';
import { startApi, type ApiHarness } from '../api/harness.js';

const monitors = (ids: string[]) => ids.map((id) => ({ id, type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h' }));
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('the config file through the API: plan, reload, restore', () => {
  let api: ApiHarness;
  const rewrite = (config: Record<string, unknown>) =>
    writeFile(join(api.live.dir, 'tocsin.yaml'), stringify({ database: { url: `sqlite:${join(api.live.dir, 'tocsin.db')}` }, ...config }));

  beforeAll(async () => {
    api = await startApi(() => ({ monitors: monitors(ids) }));
  });
  afterAll(() => api.close());

  it('shows the plan and refuses the over-limit reload that SIGHUP refuses, then applies it with allow_deletions', async () => {
    await rewrite({ monitors: monitors(['a', 'g']) });
    const plan = await api.call('admin', 'GET', '/api/v1/config/plan');
    expect(plan.statusCode).toBe(200);
    expect(plan.json()).toMatchObject({
      changes: expect.arrayContaining([
        { kind: 'monitor', id: 'g', action: 'add' },
        { kind: 'monitor', id: 'b', action: 'remove' },
      ]),
      refusal: { overridable: true },
    });
    expect((await api.call('editor', 'GET', '/api/v1/config/plan')).statusCode).toBe(403);

    const refused = await api.call('admin', 'POST', '/api/v1/config/reload', {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toContain('the plan removes 5 monitors of 6 (b, c, d, e, f), over the limit of 3');
    expect(api.live.tocsin.engine.nextDue('g')).toBeUndefined();

    const applied = await api.call('admin', 'POST', '/api/v1/config/reload', { allow_deletions: true });
    expect(applied.statusCode).toBe(200);
    expect(api.live.tocsin.engine.nextDue('g')).toBeDefined();
    expect(api.live.tocsin.engine.nextDue('b')).toBeUndefined();
  });

  it('restores a removed monitor, which runs again with its history', async () => {
    const removed = await api.call('admin', 'GET', '/api/v1/config/removed');
    expect(
      removed
        .json()
        .removed.map((o: { kind: string; id: string }) => `${o.kind} ${o.id}`)
        .sort(),
    ).toEqual(['monitor b', 'monitor c', 'monitor d', 'monitor e', 'monitor f']);
    const first = removed.json().removed[0];
    expect(Date.parse(first.purged_after) - Date.parse(first.removed_at)).toBe(30 * 86_400_000);
    const restored = await api.call('admin', 'POST', '/api/v1/monitors/b/restore');
    expect(restored.statusCode).toBe(200);
    expect(api.live.tocsin.engine.nextDue('b')).toBeDefined();
    expect((await listMonitors(api.live.tocsin.store.db)).find((m) => m.id === 'b')?.source).toBe('api');
    expect((await api.call('admin', 'POST', '/api/v1/monitors/b/restore')).statusCode).toBe(409);
    expect((await api.call('admin', 'POST', '/api/v1/monitors/zz/restore')).statusCode).toBe(404);
  });
});
