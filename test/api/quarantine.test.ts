/**
 * A quarantined monitor (its check was running when the engine froze at two restarts in a row) is
 * not checked, says so in its state, and runs again once released through the API or edited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarantineMonitors } from '../../src/services/quarantine.js';
import { listAudit } from '../../src/store/audit.js';
import { listQuarantines } from '../../src/store/quarantine.js';
import { startTarget, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let target: Target;

beforeAll(async () => {
  target = await startTarget(200);
  api = await startApi(() => ({ monitors: [{ id: 'from-file', type: 'http', url: target.url, interval: '1h' }] }));
  const created = await api.call('editor', 'POST', '/api/v1/monitors', { id: 'web', type: 'http', url: target.url, interval: '1h' });
  expect(created.statusCode).toBe(201);
});

afterAll(async () => {
  await api?.close();
  await target?.close();
});

const tocsin = () => api.live.tocsin;
const scheduled = (id: string) => tocsin().engine.nextDue(id) !== undefined;
const FROZE = 'event loop blocked for 2.0 s while checking from-file and web; then event loop blocked for 2.1 s while checking from-file';

async function quarantine(...ids: string[]): Promise<void> {
  await quarantineMonitors(tocsin().store.db, ids, FROZE, Date.parse('2026-01-05T09:00:00Z'));
  await tocsin().api.onMonitorsChanged();
}

describe('a quarantined monitor', () => {
  it('is not checked while the others are, and says why in its state', async () => {
    await quarantine('from-file');
    expect([scheduled('from-file'), scheduled('web')]).toEqual([false, true]);
    const state = await stateOf('from-file');
    expect(state).toMatchObject({ last_status: 'unknown' });
    expect(state.last_message).toBe(
      `quarantined since 2026-01-05T09:00:00Z: its check was running when the engine froze at two restarts in a row (${FROZE}); not checked until the monitor is edited or released (POST /api/v1/monitors/from-file/release)`,
    );
  });

  it('runs again once released, and the release is audited', async () => {
    const released = await api.call('editor', 'POST', '/api/v1/monitors/from-file/release');
    expect(released.statusCode).toBe(200);
    expect(scheduled('from-file')).toBe(true);
    expect(await listQuarantines(tocsin().store.db)).toEqual([]);
    const entry = (await listAudit(tocsin().store.db, { limit: 5 })).find((e) => e.action === 'monitor.release');
    expect(entry).toMatchObject({ target: 'from-file', actor: { label: 'editor@example.org' } });
  });

  it('answers 409 to a release of a monitor that is not quarantined, 404 to an unknown one, 403 to a viewer', async () => {
    expect((await api.call('editor', 'POST', '/api/v1/monitors/web/release')).statusCode).toBe(409);
    expect((await api.call('editor', 'POST', '/api/v1/monitors/nope/release')).statusCode).toBe(404);
    expect((await api.call('viewer', 'POST', '/api/v1/monitors/from-file/release')).statusCode).toBe(403);
  });

  it('is released by an edit, since it no longer is the monitor that froze the engine', async () => {
    await quarantine('web');
    expect(scheduled('web')).toBe(false);
    const edited = await api.call('editor', 'PUT', '/api/v1/monitors/web', { id: 'web', type: 'http', url: target.url, interval: '30m' });
    expect(edited.statusCode).toBe(200);
    expect(scheduled('web')).toBe(true);
    expect(await listQuarantines(tocsin().store.db)).toEqual([]);
  });

  it('stays quarantined across a restart of tocsin', async () => {
    await quarantine('web');
    await api.restart();
    expect([scheduled('web'), scheduled('from-file')]).toEqual([false, true]);
  });
});

/** The monitor's state once the result writer has stored one (it writes in batches). */
async function stateOf(id: string) {
  for (let i = 0; i < 100; i++) {
    const state = (await api.call('viewer', 'GET', `/api/v1/monitors/${id}`)).json().state;
    if (state) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no state for ${id} after 5 s`);
}
