import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig, type Config } from './config.js';

function resolved(input: unknown): Config {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  return resolveConfig(parsed.value);
}

function problems(input: unknown): string[] {
  const parsed = parseConfig(input);
  return parsed.ok ? [] : parsed.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

describe('resolveConfig', () => {
  it('fills every section with its defaults when the file is empty of them', () => {
    const config = resolved({});
    expect(config).toEqual({
      server: {
        listen: { host: '127.0.0.1', port: 8080 },
        ping_auto_create: false,
        trusted_proxies: [],
        ping_auto_create_limit: 100,
        min_interval: 1000,
        min_interval_api: 10_000,
        max_target_rate: 10,
      },
      database: { url: 'sqlite:./data/tocsin.db' },
      retention: {
        raw: 14 * 86_400_000,
        successes: 86_400_000,
        minute: 2 * 86_400_000,
        rollups: 400 * 86_400_000,
        hourly: 90 * 86_400_000,
        deleted: 30 * 86_400_000,
      },
      watchdog: { stall_after: 15_000 },
      defaults: { interval: 60_000, timeout: 10_000, alert: { down_after: 2, up_after: 1, unknown: 'notify' } },
      channels: {},
      escalations: {},
      fallback: [],
      monitors: [],
      status_pages: [],
      maintenance: [],
      incidents: {
        open: [],
        public_updates: true,
        public_wording: {
          investigating: 'We are investigating a problem affecting {components}.',
          identified: 'We have identified the cause of the problem affecting {components} and are working on a fix.',
          monitoring: 'A fix has been put in place for {components}; we are watching the results.',
          resolved: 'The problem affecting {components} is resolved.',
        },
      },
      apply: { max_deletions: '10%' },
      backup: undefined,
      ci_intake: { retention: 30 * 86_400_000 },
    });
  });

  it('applies the defaults to a monitor and splits off its settings', () => {
    const config = resolved({
      defaults: { interval: '2m', timeout: '5s', alert: { remind_every: '1h' }, escalation: 'oncall' },
      channels: { slack: { type: 'slack', url: 'https://hooks.slack.com/x' } },
      escalations: { oncall: [{ notify: ['slack'] }] },
      monitors: [{ id: 'ssh', type: 'tcp', host: 'example.org', port: 22, alert: { down_after: 3 } }],
    });
    expect(config.monitors[0]).toEqual({
      id: 'ssh',
      name: 'ssh',
      type: 'tcp',
      interval: 120_000,
      timeout: 5_000,
      tags: [],
      depends_on: [],
      paused: false,
      alert: { down_after: 3, up_after: 1, remind_every: 3_600_000, unknown: 'notify' },
      escalation: 'oncall',
      settings: { host: 'example.org', port: 22 },
    });
    expect(config.escalations).toEqual({ oncall: [{ after: 0, notify: ['slack'] }] });
  });

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
  ])('reads the interval %s as %i ms', (interval, ms) => {
    const config = resolved({ server: { min_interval: '100ms' }, monitors: [{ id: 'a', type: 'tcp', host: 'h', port: 1, interval }] });
    expect(config.monitors[0]?.interval).toBe(ms);
  });

  it('keeps a default timeout within a shorter interval', () => {
    const config = resolved({ monitors: [{ id: 'fast', type: 'tcp', host: 'h', port: 1, interval: '3s' }] });
    expect(config.monitors[0]?.timeout).toBe(3_000);
    expect(resolved({ defaults: { interval: '5s' } }).defaults.timeout).toBe(5_000);
  });

  it('resolves the name of a dns monitor that has no query', () => {
    const config = resolved({ monitors: [{ id: 'cache-dns', type: 'dns', name: 'cache.example.org' }] });
    const monitor = config.monitors[0];
    expect(monitor?.type === 'dns' && monitor.settings).toEqual({ query: 'cache.example.org', record: 'A' });
  });

  it('accepts a heartbeat without uuid when the server has a ping key', () => {
    const config = resolved({ server: { ping_key: 'abcdefgh12' }, monitors: [{ id: 'backup', type: 'heartbeat', period: '1d' }] });
    expect(config.monitors[0]?.settings).toEqual({ period: 86_400_000, tz: 'UTC', grace: 3_600_000 });
  });

  it('normalises channel details that YAML spells several ways', () => {
    const config = resolved({
      channels: {
        tg: { type: 'telegram', bot_token: 't', chat_id: -1001234 },
        phone: { type: 'ntfy', url: 'https://ntfy.sh/x', priority: 'urgent' },
      },
    });
    expect(config.channels.tg).toEqual({ type: 'telegram', bot_token: 't', chat_id: '-1001234' });
    expect(config.channels.phone).toEqual({ type: 'ntfy', url: 'https://ntfy.sh/x', priority: 5 });
  });
});

describe('parseConfig problems', () => {
  it('names the monitor types when the type is unknown', () => {
    expect(problems({ monitors: [{ id: 'a', type: 'ping' }] })).toEqual([
      'monitors[0].type: expected one of http, tcp, tls, dns, smtp, postgres, mysql, redis, icmp, udp, websocket, grpc, ssh, ldap, domain, exec, heartbeat, ci',
    ]);
  });

  it('reports each unknown key on its own', () => {
    expect(problems({ server: { listn: '1.2.3.4:80', colour: 'red' } })).toEqual([
      'server.listn: unknown key `listn`; did you mean `listen`?',
      'server.colour: unknown key `colour`',
    ]);
  });

  it('checks references even where other fields are wrong', () => {
    expect(problems({ monitors: [{ id: 'a', type: 'tcp', host: 'h', port: 'ssh', depends_on: ['b'] }] })).toEqual([
      'monitors[0].port: expected a number, got text',
      'monitors[0].depends_on[0]: no monitor has the id `b`',
    ]);
  });

  it('rejects escalation policy names that are not ids', () => {
    expect(problems({ escalations: { 'On Call': [{ notify: [] }] } })).toEqual([
      'escalations["On Call"][0].notify: expected at least 1 item, got 0',
      'escalations["On Call"]: expected a policy name of lowercase letters, digits, "-" or "_"',
    ]);
  });

  it('reports duplicate status page slugs, naming the first', () => {
    const page = { slug: 'public', title: 'Status', components: [] };
    expect(problems({ status_pages: [page, page] })).toEqual(['status_pages[1].slug: duplicate slug `public`: status_pages[0] already uses it']);
  });

  it('refuses a polled monitor faster than server.min_interval, by its own interval or the default it takes', () => {
    const tcp = { type: 'tcp', host: 'h', port: 1 };
    expect(
      problems({
        defaults: { interval: '500ms' },
        monitors: [
          { id: 'own', ...tcp, interval: '1ms' },
          { id: 'inherits', ...tcp },
          { id: 'slow', ...tcp, interval: '1s' },
        ],
      }),
    ).toEqual([
      'monitors[0].interval: expected at least 1s (server.min_interval), got 1ms',
      'monitors[1].interval: expected at least 1s (server.min_interval), got 500ms (defaults.interval)',
    ]);
    expect(problems({ monitors: [{ id: 'beat', type: 'heartbeat', uuid: '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60', period: '1d', interval: '100ms' }] })).toEqual(
      [],
    );
    expect(problems({ server: { min_interval: '10ms' } })).toEqual(['server.min_interval: expected at least 100ms']);
  });
});
