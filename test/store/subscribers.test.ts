import { beforeEach, expect, it } from 'vitest';
import {
  confirmedSubscribers,
  confirmSubscriber,
  deleteSubscriber,
  findSubscriber,
  insertSubscriber,
  markSent,
  messagesOf,
  pendingMessages,
  queueMessages,
  subscriberByToken,
  type Subscriber,
} from '../../src/store/subscribers.js';
import { describeStore } from './dialects.js';

const ana: Subscriber = {
  id: 's1',
  page: 'public',
  kind: 'email',
  address: 'ana@example.org',
  components: ['Mirrors'],
  token: 'confirm-token',
  confirmedAt: null,
  createdAt: 1000,
};
const hook: Subscriber = {
  id: 's2',
  page: 'public',
  kind: 'webhook',
  address: 'https://hooks.example.org/x',
  components: null,
  token: 'hook-token',
  confirmedAt: 2000,
  createdAt: 2000,
};

describeStore('subscribers store', (store) => {
  beforeEach(async () => {
    await store().db.withTables<{ subscriber_messages: { id: string }; subscribers: { id: string } }>().deleteFrom('subscriber_messages').execute();
    await store().db.withTables<{ subscribers: { id: string } }>().deleteFrom('subscribers').execute();
    await insertSubscriber(store().db, ana);
    await insertSubscriber(store().db, hook);
  });

  it('finds subscribers by address and token, components and times intact', async () => {
    expect(await findSubscriber(store().db, 'public', 'email', 'ana@example.org')).toEqual(ana);
    expect(await subscriberByToken(store().db, 'hook-token')).toEqual(hook);
    expect(await findSubscriber(store().db, 'other', 'email', 'ana@example.org')).toBeUndefined();
  });

  it('confirms once, replacing the token so the link cannot be used again', async () => {
    expect(await confirmSubscriber(store().db, 's1', 'confirm-token', { token: 'unsubscribe-token', at: 5000 })).toBe(true);
    expect(await confirmSubscriber(store().db, 's1', 'confirm-token', { token: 'other', at: 6000 })).toBe(false);
    expect(await subscriberByToken(store().db, 'confirm-token')).toBeUndefined();
    expect((await confirmedSubscribers(store().db, 'public')).map((s) => [s.id, s.token, s.confirmedAt])).toEqual([
      ['s1', 'unsubscribe-token', 5000],
      ['s2', 'hook-token', 2000],
    ]);
  });

  it('queues a message id once, hands out unsent ones oldest first, and marks them sent', async () => {
    const message = { id: 'u1.s2', subscriberId: 's2', subject: 'News', body: '{}', createdAt: 3000 };
    await queueMessages(store().db, [message, { ...message, id: 'u0.s2', createdAt: 2500 }]);
    await queueMessages(store().db, [{ ...message, subject: 'again' }]);
    expect((await pendingMessages(store().db, 0, 10)).map((m) => [m.id, m.subject])).toEqual([
      ['u0.s2', 'News'],
      ['u1.s2', 'News'],
    ]);
    expect(await pendingMessages(store().db, 2600, 10)).toHaveLength(1);
    await markSent(store().db, 'u0.s2', 4000);
    expect((await pendingMessages(store().db, 0, 10)).map((m) => m.id)).toEqual(['u1.s2']);
    expect((await messagesOf(store().db, 's2')).map((m) => m.sentAt)).toEqual([4000, null]);
  });

  it('deletes a subscriber with what still waited for it', async () => {
    await queueMessages(store().db, [{ id: 'm', subscriberId: 's2', subject: 'x', body: '{}', createdAt: 1 }]);
    await deleteSubscriber(store().db, 's2');
    expect(await subscriberByToken(store().db, 'hook-token')).toBeUndefined();
    expect(await pendingMessages(store().db, 0, 10)).toEqual([]);
  });
});
