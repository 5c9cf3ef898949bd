import { describe, expect, it } from 'vitest';
import { parseMonitor } from './parse-monitor.js';
import type { Defaults } from './system.js';

const defaults: Defaults = { interval: 60_000, timeout: 10_000, alert: { down_after: 2, up_after: 1, unknown: 'notify' }, escalation: 'oncall' };

describe('parseMonitor', () => {
  it('returns the monitor with defaults applied and typed settings', () => {
    const result = parseMonitor({ id: 'site', type: 'http', url: 'https://example.org/', interval: '30s' }, defaults);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.monitor).toMatchObject({ id: 'site', name: 'site', type: 'http', interval: 30_000, timeout: 10_000, escalation: 'oncall' });
    if (result.monitor.type === 'http') expect(result.monitor.settings.method).toBe('GET');
  });

  it.each<[string, unknown, string[]]>([
    [
      'an unknown type',
      { id: 'x', type: 'snmp' },
      ['type: expected one of http, tcp, tls, dns, smtp, postgres, mysql, redis, icmp, udp, websocket, grpc, ssh, ldap, domain, exec, heartbeat, ci'],
    ],
    ['an unknown key', { id: 'x', type: 'tcp', host: 'h', port: 1, prot: 2 }, ['prot: unknown key `prot`; did you mean `port`?']],
    [
      'a timeout past the default interval',
      { id: 'x', type: 'tcp', host: 'h', port: 1, timeout: '2m' },
      ['timeout: expected at most the interval (defaults.interval) 1m, got 2m: one run must end before the next starts'],
    ],
    [
      'a heartbeat without uuid or ping key',
      { id: 'x', type: 'heartbeat', period: '1h' },
      ['uuid: missing; a heartbeat needs a uuid for /ping/<uuid>, or set server.ping_key so jobs ping /ping/<ping_key>/<id>'],
    ],
    [
      'a dns monitor with nothing to resolve',
      { id: 'x', type: 'dns' },
      ['query: missing; a dns monitor resolves `query`, or its `name` when that is a host name'],
    ],
    [
      'a tls monitor whose critical days exceed its warning days',
      { id: 'x', type: 'tls', host: 'h', warn_days: 5, critical_days: 10 },
      ['critical_days: expected critical_days to be at most warn_days'],
    ],
    ['a name past 200 characters', { id: 'x', type: 'tcp', host: 'h', port: 1, name: 'n'.repeat(201) }, ['name: expected at most 200 characters']],
    [
      'more than 50 tags',
      { id: 'x', type: 'tcp', host: 'h', port: 1, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) },
      ['tags: expected at most 50 items'],
    ],
  ])('reports %s', (_, input, expected) => {
    const result = parseMonitor(input, defaults);
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual(expected);
  });

  it('checks references only against the names it is given', () => {
    const input = { id: 'x', type: 'tcp', host: 'h', port: 1, depends_on: ['databse'], escalation: 'pagr' };
    expect(parseMonitor(input, defaults).ok).toBe(true);
    const result = parseMonitor(input, defaults, { monitorIds: ['database'], escalations: ['pager'] });
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual([
      'no monitor has the id `databse`; did you mean `database`?',
      'no escalation policy is named `pagr`; did you mean `pager`?',
    ]);
  });

  it('accepts a heartbeat pinged by id when the server has a ping key', () => {
    expect(parseMonitor({ id: 'x', type: 'heartbeat', period: '1h' }, defaults, { hasPingKey: true }).ok).toBe(true);
  });
});
