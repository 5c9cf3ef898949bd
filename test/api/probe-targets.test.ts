/**
 * The editor's reach, as the report found it: through checks, "test now" and channels an editor
 * could make tocsin connect to any internal address. With server.probe_targets denying loopback,
 * a real tocsin refuses every one of those paths, says why, and the local targets (a web service,
 * a Redis-like port, the webhook receiver) never see a connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { listChannelHealth } from '../../src/store/channel-health.js';
import { getState } from '../../src/store/state.js';
import { webhooks } from '../alerting/live.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let internal: Receiver;
let redisLike: TestListener;
let denied = '';

beforeAll(async () => {
  internal = await startReceiver();
  redisLike = await startSilentListener();
  api = await startApi((receiver) => ({
    // Editors test 1 s drafts below: under the API's default floor for non-admins.
    server: { probe_targets: { deny: ['127.0.0.0/8', '::1/128'] }, min_interval_api: '1s' },
    defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
    channels: webhooks(receiver, 'ops'),
    escalations: { oncall: [{ notify: ['ops'] }] },
    monitors: [{ id: 'internal', type: 'http', url: `${internal.url}/internal/secret` }],
  }));
  denied = `${api.live.receiver.url.slice('http://'.length)} is not allowed by server.probe_targets (deny 127.0.0.0/8)`;
});
afterAll(async () => {
  await api?.close();
  await internal?.close();
  await redisLike?.close();
});

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('server.probe_targets in a running tocsin', () => {
  it('records a monitor on a denied address as down, naming the address and the rule, without connecting', async () => {
    const db = api.live.tocsin.api.db;
    const state = await until(async () => {
      const s = await getState(db, 'internal');
      return s?.lastMessage ? s : undefined;
    }, 'the first result of the internal monitor');
    expect(state.lastMessage).toBe(`${internal.url.slice('http://'.length)} is not allowed by server.probe_targets (deny 127.0.0.0/8)`);
    expect(internal.requests).toEqual([]);
  });

  it("refuses the page to a channel on a denied address: the channel's health says why and the receiver gets nothing", async () => {
    const health = await until(
      async () => (await listChannelHealth(api.live.tocsin.api.db)).find((h) => h.channel === 'ops' && h.lastError),
      'a failed delivery to ops',
    );
    expect(health.lastError).toContain(denied);
    expect(api.live.receiver.requests).toEqual([]);
  });

  it('answers "test now" of http and of a tcp probe that would read Redis as down results, connecting nowhere', async () => {
    const web = await api.call('editor', 'POST', '/api/v1/monitors/test', { id: 'draft', type: 'http', url: `${internal.url}/internal/secret` });
    expect(web.statusCode).toBe(200);
    expect(web.json()).toMatchObject({
      status: 'down',
      message: `${internal.url.slice('http://'.length)} is not allowed by server.probe_targets (deny 127.0.0.0/8)`,
    });
    // A tcp probe that sends needs an admin (or probe_internal); probe_targets still holds it.
    const redis = await api.call('admin', 'POST', '/api/v1/monitors/test', {
      id: 'draft',
      type: 'tcp',
      host: 'localhost',
      port: redisLike.port,
      send: 'INFO server\r\n',
      expect: { contains: 'redis_version' },
    });
    expect(redis.json()).toMatchObject({ status: 'down', message: expect.stringMatching(/\(localhost\) is not allowed by server\.probe_targets/) });
    expect(internal.requests).toEqual([]);
    expect(redisLike.accepted).toBe(0);
  });

  it('answers a channel test with the refusal, as a permanent failure, sending nothing', async () => {
    const answer = await api.call('editor', 'POST', '/api/v1/channels/ops/test');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ channel: 'ops', ok: false, permanent: true, message: expect.stringContaining(denied) });
    expect(api.live.receiver.requests).toEqual([]);
  });
});
