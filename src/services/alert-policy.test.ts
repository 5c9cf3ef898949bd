import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig, type Config } from '../schema/config.js';
import { policyFor, retryPolicyOf, unrouted } from './alert-policy.js';

function configOf(input: Record<string, unknown>): Config {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return resolveConfig(parsed.value);
}

const config = configOf({
  defaults: { alert: { down_after: 2, remind_every: '30m', flap: { changes: 6, within: '30m' } }, escalation: 'oncall' },
  channels: { slack: { type: 'webhook', url: 'https://hooks.example.org/a' }, pager: { type: 'webhook', url: 'https://hooks.example.org/b' } },
  escalations: { oncall: [{ notify: ['slack'] }, { after: '10m', notify: ['pager'] }], quiet: [{ notify: ['slack'] }] },
  monitors: [
    { id: 'web', type: 'http', url: 'https://web.example.org/' },
    { id: 'db', type: 'tcp', host: 'db.internal', port: 5432, alert: { down_after: 5, up_after: 3 }, escalation: 'quiet' },
  ],
});

describe('policyFor', () => {
  it('takes thresholds from defaults.alert and steps from defaults.escalation', () => {
    expect(policyFor(config.monitors[0]!, config)).toEqual({
      down_after: 2,
      up_after: 1,
      remind_every: 1_800_000,
      // "6 changes within 30m" is flapping; the state machine flags more than `changes`.
      flap: { changes: 5, within: 1_800_000 },
      escalation: [
        { after: 0, channels: ['slack'] },
        { after: 600_000, channels: ['pager'] },
      ],
      unknown: 'notify',
    });
  });

  it('lets a monitor override thresholds and name its own policy', () => {
    expect(policyFor(config.monitors[1]!, config)).toMatchObject({ down_after: 5, up_after: 3, escalation: [{ after: 0, channels: ['slack'] }] });
  });

  it('confirms a heartbeat on its first late or failed verdict: its grace is its confirmation', () => {
    const withHeartbeat = configOf({
      defaults: { alert: { down_after: 3 } },
      monitors: [
        { id: 'backup', type: 'heartbeat', uuid: '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278', period: '1h', grace: '5m', alert: { down_after: 4, up_after: 2 } },
      ],
    });
    expect(policyFor(withHeartbeat.monitors[0]!, withHeartbeat)).toMatchObject({ down_after: 1, up_after: 2 });
  });

  it('re-checks a failing monitor every retry_interval (default 10s, at most the interval) until down_after', () => {
    const retrying = configOf({
      defaults: { interval: '60s', alert: { down_after: 3 } },
      monitors: [
        { id: 'web', type: 'http', url: 'https://web.example.org/' },
        { id: 'api', type: 'http', url: 'https://api.example.org/', alert: { retry_interval: '20s' } },
        { id: 'fast', type: 'http', url: 'https://fast.example.org/', interval: '5s' },
        { id: 'once', type: 'http', url: 'https://once.example.org/', alert: { down_after: 1 } },
      ],
    });
    expect(retrying.monitors.map((m) => retryPolicyOf(m))).toEqual([
      { every: 10_000, failures: 3 },
      { every: 20_000, failures: 3 },
      { every: 5000, failures: 3 },
      undefined,
    ]);
  });

  it('routes nowhere without any policy, and names such monitors for a warning', () => {
    const bare = configOf({
      monitors: [
        { id: 'web', type: 'http', url: 'https://web.example.org/' },
        { id: 'off', type: 'http', url: 'https://x.example.org/', paused: true },
      ],
    });
    expect(policyFor(bare.monitors[0]!, bare).escalation).toEqual([]);
    expect(unrouted(bare)).toEqual(['web']);
    expect(unrouted(config)).toEqual([]);
  });
});
