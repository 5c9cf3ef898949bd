import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig } from '../schema/config.js';
import { monitorTarget } from './monitor-target.js';

describe('monitorTarget', () => {
  it.each([
    [{ type: 'http', url: 'https://user:hunter2@web.example.org/health?token=abc' }, 'GET https://user:***@web.example.org/health?token=***'],
    [{ type: 'postgres', url: 'postgres://monitor:pw@db.internal:5432/app' }, 'postgres://monitor:***@db.internal:5432/app'],
    [{ type: 'redis', url: 'redis://:secret@cache.internal:6379/0' }, 'redis://:***@cache.internal:6379/0'],
    [{ type: 'tcp', host: 'db.internal', port: 5432 }, 'db.internal:5432'],
    [{ type: 'tls', host: '2001:db8::1', port: 443 }, '[2001:db8::1]:443'],
    [{ type: 'dns', query: 'sstate.example.org', record: 'A', resolver: '10.0.0.2' }, 'A sstate.example.org @10.0.0.2'],
    [{ type: 'exec', command: ['/usr/lib/nagios/plugins/check_mysql', '-p', 'hunter2'] }, '/usr/lib/nagios/plugins/check_mysql'],
    [
      { type: 'heartbeat', uuid: '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60', schedule: '0 2 * * *', tz: 'Europe/Paris' },
      'ping expected on "0 2 * * *" (Europe/Paris)',
    ],
    [{ type: 'heartbeat', uuid: '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60', period: '1d' }, 'ping expected every 1d'],
  ])('names %o without secrets', (settings, target) => {
    const parsed = parseConfig({ monitors: [{ id: 'm', ...settings }] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(monitorTarget(resolveConfig(parsed.value).monitors[0]!)).toBe(target);
  });
});
