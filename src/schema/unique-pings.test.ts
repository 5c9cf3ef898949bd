import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

function problems(input: unknown): string[] {
  const parsed = parseConfig(input);
  return parsed.ok ? [] : parsed.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

const UUID = '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60';
const beat = (id: string, uuid?: string) => ({ id, type: 'heartbeat', period: '1d', ...(uuid && { uuid }) });

describe('where a ping goes must be unambiguous', () => {
  it('refuses two heartbeats with one uuid, naming the first, whatever the letter case', () => {
    expect(problems({ monitors: [beat('backup', UUID), beat('report', UUID.toUpperCase())] })).toEqual([
      `monitors[1].uuid: duplicate uuid \`${UUID}\`: monitors[0] (backup) already uses it, so a ping could not tell them apart`,
    ]);
  });

  it('refuses two monitors with one id, which is the slug of /ping/<ping_key>/<slug>', () => {
    expect(problems({ server: { ping_key: 'k3y-for-pings' }, monitors: [beat('nightly'), beat('nightly')] })).toEqual([
      'monitors[1].id: duplicate id `nightly`: monitors[0] already uses it',
    ]);
  });

  it('accepts distinct uuids and slugs', () => {
    expect(problems({ server: { ping_key: 'k3y-for-pings' }, monitors: [beat('a', UUID), beat('b', UUID.replace('0d6f', '1d6f')), beat('c')] })).toEqual([]);
  });
});
