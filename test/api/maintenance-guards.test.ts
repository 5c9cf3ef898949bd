/**
 * Issue 12's first reproduction on a real tocsin: a 7-field maintenance schedule. It is refused with
 * the field and nothing stored; one stored before the refusal existed silences nothing, shows its
 * error in GET /api/v1/maintenance and is told once to the fallback channels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApiResource, putApiResource } from '../../src/store/api-resources.js';
import { listAudit } from '../../src/store/audit.js';
import { delivered, eventually, startTarget, webhooks, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let target: Target;
const QUARTZ = '0 0 3 * * ? *';

beforeAll(async () => {
  target = await startTarget(200);
  api = await startApi((receiver) => ({
    defaults: { interval: '1s', timeout: '900ms', alert: { down_after: 1 }, escalation: 'oncall' },
    channels: { ...webhooks(receiver, 'pager', 'ops') },
    escalations: { oncall: [{ notify: ['pager'] }], fallback: ['ops'] },
    monitors: [{ id: 'web', type: 'http', url: target.url }],
  }));
});

afterAll(async () => {
  await api?.close();
  await target?.close();
});

describe('a maintenance schedule with 7 fields', () => {
  it('is refused with 400 naming the schedule and what is expected, and nothing is stored or audited', async () => {
    const response = await api.call('editor', 'POST', '/api/v1/maintenance', {
      id: 'quartz',
      name: 'Quartz',
      start: '2026-01-01T00:00:00Z',
      duration: '1h',
      schedule: QUARTZ,
      monitors: ['web'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      field: 'schedule',
      error: 'maintenance window quartz: schedule: expected a 5-field cron expression (minute hour day month weekday) or 6 with seconds; got 7 fields',
    });
    expect(await getApiResource(api.live.tocsin.store.db, 'maintenance', 'quartz')).toBeUndefined();
    expect((await listAudit(api.live.tocsin.store.db, { limit: 100 })).filter((r) => r.action.startsWith('maintenance.'))).toEqual([]);
  });

  it('stored before it was refused, silences nothing, shows its error and is told once to the fallback channels', async () => {
    const db = api.live.tocsin.store.db;
    const opened = new Date(Date.now() - 60_000).toISOString();
    await putApiResource(db, 'maintenance', 'quartz', { name: 'Quartz', start: opened, duration: '1d', schedule: QUARTZ, monitors: ['web'] }, Date.now());
    await putApiResource(
      db,
      'maintenance',
      'fine',
      { name: 'Fine', start: '2099-01-01T00:00:00Z', duration: '1d', schedule: '0 3 * * *', monitors: ['web'] },
      Date.now(),
    );
    await api.live.tocsin.api.onResourcesChanged();

    const list = await api.call('viewer', 'GET', '/api/v1/maintenance');
    expect(list.statusCode).toBe(200);
    const windows = list.json().windows as Array<{ id: string; error: string | null }>;
    expect(windows.find((w) => w.id === 'quartz')?.error).toMatch(/^schedule: expected a 5-field cron expression .* got 7 fields$/);
    expect(windows.find((w) => w.id === 'fine')?.error).toBeNull();

    target.status = 503;
    const page = await eventually(() => delivered(api.live.receiver).find((d) => d.channel === 'pager' && d.event === 'monitor.down'), 'the down page');
    expect(page.monitor).toBe('web');
    const notice = await eventually(() => delivered(api.live.receiver).find((d) => d.channel === 'ops' && d.event === 'tocsin.self'), 'the notice');
    expect(notice.body.message).toMatch(/^API maintenance window "quartz" is not in use: schedule: expected a 5-field .* got 7 fields; fix or delete it$/);
    await api.live.tocsin.api.onResourcesChanged();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(delivered(api.live.receiver).filter((d) => d.event === 'tocsin.self')).toHaveLength(1);
    expect((await api.call('viewer', 'GET', '/healthz')).statusCode).toBe(200);
  });
});
