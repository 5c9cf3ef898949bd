import { describe, expect, it } from 'vitest';
import { notification } from '../channels/testing/fixtures.js';
import type { OutboxInsert } from '../store/outbox.js';
import { defaultOutagePolicy as policy, heldChanges, outageMessage, owedMessage, writableAgainMessage, type Told } from './delivery-store-outage.js';

const since = Date.parse('2024-03-01T02:00:00.000Z');
const MIN = 60_000;

describe('owedMessage', () => {
  it.each<[string, Told | undefined, number, number, ReturnType<typeof owedMessage>]>([
    ['nothing while the failure may still be a blip', undefined, 0, since + 9_999, undefined],
    ['a notice once it has lasted 10 s', undefined, 0, since + 10_000, 'notice'],
    ['nothing more right after the notice', { at: since + 10_000, changes: 0 }, 0, since + 20_000, undefined],
    ['nothing for new changes within 5 min of the last message', { at: since + 10_000, changes: 0 }, 3, since + 10_000 + 5 * MIN - 1, undefined],
    ['a follow-up for new changes 5 min after the last message', { at: since + 10_000, changes: 0 }, 3, since + 10_000 + 5 * MIN, 'reminder'],
    ['no follow-up when nothing changed', { at: since + 10_000, changes: 3 }, 3, since + 10_000 + 59 * MIN, undefined],
    ['a reminder an hour after the last message', { at: since + 10_000, changes: 3 }, 3, since + 10_000 + 60 * MIN, 'reminder'],
  ])('%s', (_what, told, changes, now, expected) => {
    expect(owedMessage(since, told, changes, now, policy)).toBe(expected);
  });
});

function held(monitorId: string, name: string, event: 'monitor.down' | 'monitor.up', channel = 'ops'): OutboxInsert {
  const n = notification(event, { monitor: { id: monitorId, name, type: 'http', target: 'x' } });
  return { id: n.id, dedupKey: `1:${event}`, channel, monitorId, notification: n, createdAt: since };
}

describe('heldChanges', () => {
  it("names each monitor once, in the state it was last notified in, and leaves tocsin's own notices out", () => {
    const rows = [
      held('pay', 'payments', 'monitor.down'),
      held('pay', 'payments', 'monitor.down', 'pager'),
      held('api', 'api', 'monitor.down'),
      held('pay', 'payments', 'monitor.up'),
    ];
    const self = { ...held('tocsin', 'tocsin', 'monitor.down'), notification: { ...rows[0]!.notification, event: 'tocsin.self' as const } };
    expect(heldChanges([...rows, self])).toEqual([
      { name: 'api', state: 'down' },
      { name: 'payments', state: 'up' },
    ]);
  });
});

describe('outage messages', () => {
  it('says what failed, that alerts are held, and which monitors changed state', () => {
    const n = outageMessage(
      'notice',
      since,
      'database or disk is full',
      [
        { name: 'payments', state: 'down' },
        { name: 'api', state: 'up' },
      ],
      since + 12_000,
    );
    expect(n).toMatchObject({
      event: 'tocsin.self',
      state: 'down',
      previous_state: 'up',
      dedup_key: `store/${since}`,
      monitor: { id: 'tocsin', type: 'store' },
    });
    expect(n.message).toBe(
      'tocsin cannot write to its database (database or disk is full): alerts are held in memory; 2 monitors changed state meanwhile: payments DOWN, api UP',
    );
  });

  it('says how long in a reminder, lists ten monitors and counts the rest', () => {
    const changes = Array.from({ length: 12 }, (_, i) => ({ name: `m${i}`, state: 'down' }));
    const n = outageMessage('reminder', since, 'SQLITE_CORRUPT: database disk image is malformed', changes, since + 65 * MIN);
    expect(n.message).toMatch(
      /^tocsin still cannot write to its database after 1h 5m \(SQLITE_CORRUPT: database disk image is malformed\): alerts are held in memory; 12 monitors changed state meanwhile: m0 DOWN, .*m9 DOWN, … and 2 more$/,
    );
  });

  it('says when nothing changed, and gives each message its own id', () => {
    const a = outageMessage('notice', since, 'x', [], since + 10_000);
    const b = outageMessage('reminder', since, 'x', [], since + 70 * MIN);
    expect(a.message).toContain('no monitor changed state meanwhile');
    expect(a.id).not.toBe(b.id);
  });

  it('resolves the outage under the same key when the store takes writes again', () => {
    expect(writableAgainMessage(since, since + 3 * MIN + 12_000)).toMatchObject({
      state: 'up',
      dedup_key: `store/${since}`,
      message: 'tocsin can write to its database again after 3m 12s; the notifications held in memory are being delivered',
    });
  });
});
