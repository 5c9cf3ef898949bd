import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig, type Config } from '../schema/config.js';
import { AgentWatch, type AgentWatchDeps } from './agent-watch.js';
import type { RecordedResult } from './engine.js';
import { VirtualTimers } from './virtual-timers.js';

const T0 = 1_700_000_000_000;
const POLL = 20_000;

function configOf(input: Record<string, unknown>): Config {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return resolveConfig(parsed.value);
}

const config = configOf({
  monitors: [
    { id: 'web', type: 'http', url: 'https://web.example.org/', locations: ['local', 'eu-west'] },
    { id: 'api', type: 'http', url: 'https://api.example.org/', locations: ['us-east', 'eu-west'] },
  ],
});

function watch(overrides: Partial<AgentWatchDeps> = {}) {
  const timers = new VirtualTimers(T0);
  const recorded: RecordedResult[] = [];
  const agents = new AgentWatch({
    clock: timers,
    config: () => config,
    monitors: () => config.monitors,
    record: (r) => recorded.push(r),
    missingAfter: 3 * POLL,
    lastSeen: async () => new Map(),
    ...overrides,
  });
  const seen = () => recorded.map((r) => `${r.at - T0} ${r.monitorId} ${r.result.status}`);
  return { timers, agents, recorded, seen };
}

describe('the agent watch', () => {
  it('watches each agent location the monitors name, as a monitor confirmed by one result', () => {
    const { agents } = watch();
    expect(agents.locations()).toEqual(['eu-west', 'us-east']);
    expect(agents.watchMonitors().map((m) => [m.id, m.interval, m.alert.down_after, m.alert.up_after])).toEqual([
      ['tocsin-agent-eu-west', 3 * POLL, 1, 1],
      ['tocsin-agent-us-east', 3 * POLL, 1, 1],
    ]);
  });

  it('judges every turn on the virtual clock: up while an agent calls in, down once quiet for longer than missingAfter', async () => {
    const { timers, agents, seen } = watch();
    agents.start(15_000);
    agents.contact('eu-west', T0 + 10_000);
    await timers.advance(60_000);
    expect(seen()).toEqual([
      '15000 tocsin-agent-eu-west up',
      '15000 tocsin-agent-us-east up',
      '30000 tocsin-agent-eu-west up',
      '30000 tocsin-agent-us-east up',
      '45000 tocsin-agent-eu-west up',
      '45000 tocsin-agent-us-east up',
      '60000 tocsin-agent-eu-west up',
      '60000 tocsin-agent-us-east up',
    ]);
    await timers.advance(15_000);
    // us-east was never heard from: 75 s since start > 60 s; eu-west 65 s since its call.
    expect(seen().slice(-2)).toEqual(['75000 tocsin-agent-eu-west down', '75000 tocsin-agent-us-east down']);
    agents.contact('us-east', timers.now());
    await timers.advance(15_000);
    expect(seen().slice(-2)).toEqual(['90000 tocsin-agent-eu-west down', '90000 tocsin-agent-us-east up']);
    agents.stop();
    expect(timers.size).toBe(0);
    await timers.advance(60_000);
    expect(seen()).toHaveLength(12);
  });

  it('says in the message how long the agent has been quiet', async () => {
    const { timers, agents, recorded } = watch();
    agents.contact('eu-west', T0);
    await timers.advance(61_000);
    agents.tick();
    expect(recorded.map((r) => r.result.message)).toEqual([
      'the probe agent for eu-west has not called in for 61 s (missing after 60 s)',
      'no probe agent for us-east has called in since tocsin started 61 s ago',
    ]);
  });

  it('in a cluster reads the contacts back before each judgement, and skips a turn whose read failed', async () => {
    let stored = new Map<string, number>();
    let failing = false;
    const { timers, agents, seen } = watch({
      shared: true,
      lastSeen: async () => {
        if (failing) throw new Error('store down');
        return stored;
      },
    });
    agents.start(15_000);
    await timers.advance(60_000);
    stored = new Map([['eu-west', T0 + 60_000]]);
    await timers.advance(15_000);
    expect(seen().slice(-2)).toEqual(['75000 tocsin-agent-eu-west up', '75000 tocsin-agent-us-east down']);
    failing = true;
    await timers.advance(15_000);
    expect(seen()).toHaveLength(10);
    failing = false;
    await timers.advance(15_000);
    expect(seen().slice(-2)).toEqual(['105000 tocsin-agent-eu-west up', '105000 tocsin-agent-us-east down']);
    agents.stop();
  });

  it('seeds contacts from the store at load: an agent heard before a restart is not missing at once', async () => {
    const { agents } = watch({ lastSeen: async () => new Map([['eu-west', T0 - 5_000]]) });
    await agents.load();
    expect(agents.lastContact('eu-west')).toBe(T0 - 5_000);
    agents.contact('eu-west', T0 - 10_000);
    expect(agents.lastContact('eu-west')).toBe(T0 - 5_000);
  });
});
