/** Issue 12: `interval: 1ms` is refused everywhere; through the API, a non-admin's monitors get a higher floor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
const monitor = (id: string, interval: string) => ({ id, type: 'tcp', host: '127.0.0.1', port: 9, interval, timeout: '500ms', paused: true });

beforeAll(async () => {
  api = await startApi(() => ({ server: { min_interval: '2s', min_interval_api: '30s' } }));
});

afterAll(async () => {
  await api?.close();
});

describe('monitor intervals through the API', () => {
  it('refuses 1ms for everyone, naming the field, the floor and where it is set', async () => {
    for (const role of ['admin', 'editor'] as const) {
      const response = await api.call(role, 'POST', '/api/v1/monitors', monitor(`fast-${role}`, '1ms'));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        field: 'interval',
        expected: expect.stringMatching(/^expected at least (2s \(server\.min_interval\)|30s \(server\.min_interval_api, .*non-admins\)), got 1ms$/),
      });
    }
  });

  it('gives admins server.min_interval and everyone else server.min_interval_api', async () => {
    expect((await api.call('admin', 'POST', '/api/v1/monitors', monitor('admin-2s', '2s'))).statusCode).toBe(201);
    const editor = await api.call('editor', 'POST', '/api/v1/monitors', monitor('editor-2s', '2s'));
    expect(editor.statusCode).toBe(400);
    expect(editor.json().error).toBe('interval: expected at least 30s (server.min_interval_api, for monitors changed through the API by non-admins), got 2s');
    expect((await api.call('editor', 'POST', '/api/v1/monitors', monitor('editor-30s', '30s'))).statusCode).toBe(201);
  });

  it('holds an editor to the floor when changing a monitor an admin made faster', async () => {
    const response = await api.call('editor', 'PUT', '/api/v1/monitors/admin-2s', { ...monitor('admin-2s', '2s'), name: 'renamed' });
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('interval');
  });
});
