import { describe, expect, it } from 'vitest';
import { notification } from '../channels/testing/fixtures.js';
import { buildDigest } from './digest.js';

const at = Date.parse('2024-03-01T02:20:00.000Z');
const down = (name: string, since = '2024-03-01T02:14:00.000Z') =>
  notification('monitor.down', {
    id: `ntf_${name}`,
    monitor: { id: name, name, type: 'http', target: `https://${name}.example.org/` },
    since,
    message: 'connect timed out after 5000 ms',
  });

describe('buildDigest', () => {
  it('counts and names the monitors, worst first, in one notification', () => {
    const up = notification('monitor.up', { id: 'ntf_wiki', monitor: { id: 'wiki', name: 'wiki', type: 'http', target: 'x' }, message: 'HTTP 200 in 80 ms' });
    const digest = buildDigest([up, down('api'), down('db', '2024-03-01T02:10:00.000Z')], at);
    expect(digest).toMatchObject({
      event: 'monitor.down',
      state: 'down',
      at: '2024-03-01T02:20:00.000Z',
      since: '2024-03-01T02:10:00.000Z',
      monitor: { id: 'tocsin.digest', name: '3 monitors', type: 'digest' },
      message:
        '3 monitors changed state: 2 down, 1 up — api DOWN: connect timed out after 5000 ms; db DOWN: connect timed out after 5000 ms; wiki UP: HTTP 200 in 80 ms',
    });
    expect(digest.id).toMatch(/^dig_[0-9a-f]{24}$/);
    expect(digest.dedup_key).toBe(`digest/${digest.id}`);
  });

  it('lists twenty monitors and counts the rest, so 10,000 make one readable message', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => down(`m${i}`));
    const digest = buildDigest(many, at);
    expect(digest.message.startsWith('10000 monitors changed state: 10000 down — m0 DOWN')).toBe(true);
    expect(digest.message.endsWith('; … and 9980 more')).toBe(true);
    expect(digest.message.length).toBeLessThan(3_000);
  });

  it('is a recovery when every monitor in it recovered', () => {
    const up = (name: string) => notification('monitor.up', { id: `u_${name}`, monitor: { id: name, name, type: 'tcp', target: 'x' } });
    expect(buildDigest([up('a'), up('b')], at)).toMatchObject({ event: 'monitor.up', state: 'up', previous_state: 'down' });
  });

  it('keeps the same id for the same notifications, so a retried digest is recognisable', () => {
    expect(buildDigest([down('a'), down('b')], at).id).toBe(buildDigest([down('a'), down('b')], at + 5_000).id);
  });
});
