/**
 * Subscriber delivery reads a list of queued messages: one message whose stored body does not read,
 * or whose subscriber's components do not, must not hold back every message queued after it. The
 * unreadable message is given up and logged naming it; the others reach a real receiver.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { SubscriberDelivery } from '../../src/engine/subscriber-delivery.js';
import { subscriberTargets } from '../../src/services/subscriptions.js';
import type { Post } from '../../src/store/incidents.js';
import { insertSubscriber, messagesOf, queueMessages, type Subscriber } from '../../src/store/subscribers.js';
import { postNotice } from '../../src/web/status/subscriber-messages.js';
import { describeStore } from '../store/dialects.js';

const T0 = Date.UTC(2026, 11, 1, 10);
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

const post: Post = {
  id: 'p1',
  page: 'main',
  kind: 'incident',
  title: 'API down',
  impact: 'major',
  status: 'investigating',
  components: ['API'],
  startsAt: T0,
  endsAt: null,
  resolvedAt: null,
  createdAt: T0,
  updatedAt: T0,
  updates: [{ id: 'u1', status: 'investigating', body: 'Looking into it.', at: T0 }],
};

describeStore('subscriber delivery past damaged rows', (store) => {
  const tables = () => store().db.withTables<{ subscribers: { id: string; components: string | null }; subscriber_messages: { id: string } }>();

  beforeEach(async () => {
    await tables().deleteFrom('subscriber_messages').execute();
    await tables().deleteFrom('subscribers').execute();
    receiver.requests.length = 0;
  });

  it('gives up a message whose body does not read, logs it, and still delivers the ones after it, to a subscriber with damaged components too', async () => {
    const hook = (id: string): Subscriber => ({
      id,
      page: 'main',
      kind: 'webhook',
      address: `${receiver.url}/${id}`,
      components: ['API'],
      token: `token-${id}`,
      confirmedAt: T0,
      createdAt: T0,
    });
    for (const id of ['s1', 's2', 's3']) await insertSubscriber(store().db, hook(id));
    await tables().updateTable('subscribers').set({ components: 'API' }).where('id', '=', 's2').execute();
    const body = JSON.stringify(postNotice(post, { slug: 'main', title: 'Main' }));
    await queueMessages(store().db, [
      { id: 'u1.s1', subscriberId: 's1', subject: 'API down', body: '{"type":"post",', createdAt: T0 + 1 },
      { id: 'u1.s2', subscriberId: 's2', subject: 'API down', body, createdAt: T0 + 2 },
      { id: 'u1.s3', subscriberId: 's3', subject: 'API down', body, createdAt: T0 + 3 },
    ]);
    const logged: { msg: string; message?: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
    const delivery = new SubscriberDelivery({
      db: store().db,
      clock: { now: () => T0 + 10_000 },
      logger,
      baseUrl: () => 'https://status.example.org',
      channels: () => ({}),
      targets: () => subscriberTargets({ subscriptions: { allow_private_webhooks: true } }),
    });
    await delivery.runOnce();
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/s2', '/s3']);
    expect((await messagesOf(store().db, 's1')).map((m) => m.sentAt)).toEqual([null]);
    expect((await messagesOf(store().db, 's3')).map((m) => m.sentAt)).toEqual([T0 + 10_000]);
    expect(logged).toEqual([
      expect.objectContaining({ message: 'u1.s1', msg: expect.stringMatching(/^subscriber message u1\.s1 cannot be read \(not JSON .*\); not sent$/) }),
    ]);
    // Given up: the next round does not log it again nor send anything twice.
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(2);
    expect(logged).toHaveLength(1);
  });
});
