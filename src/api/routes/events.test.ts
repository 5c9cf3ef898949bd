import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/access.js';
import { StreamSlots } from './events.js';

const user = (id: string): Actor => ({ kind: 'user', id, label: `${id}@example.org`, role: 'viewer', scope: 'write', viaCookie: true });
const token = (id: string): Actor => ({ kind: 'token', id, label: `token ${id}`, role: 'viewer', scope: 'read', viaCookie: false });

describe('StreamSlots', () => {
  it('holds each person or token to its cap, and gives a slot back once, when released', () => {
    const slots = new StreamSlots({ perHolder: 2, total: 10 });
    const first = slots.take(user('ana'));
    slots.take(user('ana'));
    expect(() => slots.take(user('ana'))).toThrow(
      'you already hold 2 live event streams, the most one person or token may; close a dashboard tab or another stream first',
    );
    slots.take(token('ana'));
    first();
    first();
    expect(slots.open).toBe(2);
    slots.take(user('ana'));
    expect(() => slots.take(user('ana'))).toThrow(/^you already hold 2 /);
  });

  it('refuses everyone past the total, whoever they are', () => {
    const slots = new StreamSlots({ perHolder: 2, total: 3 });
    const releases = [slots.take(user('a')), slots.take(user('b')), slots.take(token('c'))];
    expect(() => slots.take(user('d'))).toThrow(
      expect.objectContaining({ code: 'rate_limited', message: 'tocsin is serving 3 live event streams, its most; try again in a minute' }),
    );
    releases[1]!();
    expect(() => slots.take(user('d'))).not.toThrow();
  });
});
