import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig, type MonitorConfig } from '../schema/config.js';
import { AgentDefinitions, type AgentDefinitionSet } from './agent-definitions.js';
import { VirtualTimers } from './virtual-timers.js';

const T0 = 1_700_000_000_000;
const POLL = 20_000;

function monitorsOf(monitors: unknown[]): MonitorConfig[] {
  const parsed = parseConfig({ monitors });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return resolveConfig(parsed.value).monitors;
}

describe('agent definitions', () => {
  let monitors = monitorsOf([
    { id: 'web', type: 'http', url: 'https://web.example.org/', locations: ['local', 'eu-west'] },
    { id: 'off', type: 'http', url: 'https://off.example.org/', locations: ['eu-west'], paused: true },
  ]);
  const timers = new VirtualTimers(T0);
  const definitions = new AgentDefinitions(() => monitors, POLL, timers);

  it('gives a location its polled, unpaused monitors with a version of what they are', () => {
    const set = definitions.forLocation('eu-west');
    expect(set.monitors.map((m) => m.id)).toEqual(['web']);
    expect(set.version).toMatch(/^[0-9a-f]{16}$/);
    expect(set.poll_ms).toBe(POLL);
    expect(definitions.forLocation('us-east').monitors).toEqual([]);
  });

  it('answers a poll naming no version or another version at once', async () => {
    expect((await definitions.next('eu-west', undefined)).monitors).toHaveLength(1);
    expect((await definitions.next('eu-west', '0000000000000000')).monitors).toHaveLength(1);
    expect(timers.size).toBe(0);
  });

  it('holds a poll naming the current version for the poll period on the virtual clock', async () => {
    const { version } = definitions.forLocation('eu-west');
    let answer: AgentDefinitionSet | undefined;
    void definitions.next('eu-west', version).then((set) => (answer = set));
    await timers.advance(POLL - 1);
    expect(answer).toBeUndefined();
    await timers.advance(1);
    expect(answer?.version).toBe(version);
    expect(timers.size).toBe(0);
  });

  it('answers a held poll as soon as the monitors change, with the new definitions', async () => {
    const { version } = definitions.forLocation('eu-west');
    let answer: AgentDefinitionSet | undefined;
    void definitions.next('eu-west', version).then((set) => (answer = set));
    await timers.advance(5_000);
    monitors = monitorsOf([{ id: 'api', type: 'http', url: 'https://api.example.org/', locations: ['eu-west'] }]);
    definitions.changed();
    await timers.advance(0);
    expect(answer?.monitors.map((m) => m.id)).toEqual(['api']);
    expect(answer?.version).not.toBe(version);
    expect(timers.size).toBe(0);
  });

  it('lets no held poll outlive close', async () => {
    const { version } = definitions.forLocation('eu-west');
    let answered = false;
    void definitions.next('eu-west', version).then(() => (answered = true));
    await timers.advance(0);
    definitions.close();
    await timers.advance(0);
    expect(answered).toBe(true);
    expect(timers.size).toBe(0);
  });
});
