import { afterEach, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/core/ack-token.js';
import { acknowledge, type AckAnswer } from '../../src/services/acknowledge.js';
import { listAudit } from '../../src/store/audit.js';
import { getState } from '../../src/store/state.js';
import { configOf, rig, SECRET, T0, type Rig } from './helpers.js';

const MIN = 60_000;

const config = configOf({
  server: { public_url: 'https://tocsin.example.org' },
  defaults: { interval: '30s', alert: { down_after: 2, up_after: 1, remind_every: '30m' }, escalation: 'oncall' },
  channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook' }, pager: { type: 'webhook', url: 'http://127.0.0.1:9/pager' } },
  escalations: { oncall: [{ notify: ['hook'] }, { after: '10m', notify: ['pager'] }] },
  monitors: [
    { id: 'db', name: 'Mirror database', type: 'tcp', host: 'db.internal', port: 5432, runbook: 'runbooks/db.md' },
    { id: 'web', name: 'Update center', type: 'http', url: 'https://user:hunter2@web.example.org/', depends_on: ['db'] },
    { id: 'batch', type: 'http', url: 'https://batch.example.org/' },
  ],
  status_pages: [{ slug: 'public', title: 'Example', components: [{ name: 'Updates', monitors: ['web'] }] }],
  maintenance: [{ name: 'Batch upgrade', start: new Date(T0 + 5 * MIN).toISOString(), duration: '20m', monitors: ['batch'] }],
});

let current: Rig | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function start(): Promise<Rig> {
  current = await rig(config);
  return current;
}

describe('alerting service', () => {
  it('pages step 0 on confirmation with everything a person needs, escalates after `after`, and tells both on recovery', async () => {
    const r = await start();
    await r.result('db', 'up', 'connected in 3 ms');
    await r.result('db', 'down', 'connect to 10.0.0.5:5432 timed out after 3000 ms');
    expect(await r.sent()).toEqual([]);
    r.clock.advance(30_000);
    await r.result('db', 'down', 'connect to 10.0.0.5:5432 timed out after 3000 ms');
    const [page, ...rest] = await r.sent();
    expect(rest).toEqual([]);
    expect(page).toMatchObject({ event: 'monitor.down', channel: 'hook', monitorId: 'db' });
    expect(page!.n).toMatchObject({
      state: 'down',
      previous_state: 'up',
      since: new Date(T0 + 30_000).toISOString(),
      message: 'connect to 10.0.0.5:5432 timed out after 3000 ms',
      monitor: { id: 'db', name: 'Mirror database', type: 'tcp', target: 'db.internal:5432' },
      runbook_url: 'https://tocsin.example.org/runbooks/db',
      failed_checks: 2,
      dedup_key: 'db:1',
    });
    const token = page!.n.ack_url!.replace('https://tocsin.example.org/ack/', '');
    expect(verifyToken(SECRET, token, 'ack', r.clock.now())).toMatchObject({ ok: true, claims: { monitorId: 'db', episode: 1 } });

    r.clock.advance(9 * MIN);
    await r.tick();
    expect(await r.sent()).toHaveLength(1);
    r.clock.advance(MIN + 1000);
    await r.tick();
    const escalated = (await r.sent())[1];
    expect(escalated).toMatchObject({ event: 'monitor.down', channel: 'pager' });
    expect(escalated!.n.message).toMatch(/^down for 10m\d*s? and not acknowledged/);

    r.clock.advance(MIN);
    await r.result('db', 'up');
    const recovery = (await r.sent()).slice(2);
    expect(recovery.map((s) => [s.event, s.channel])).toEqual([
      ['monitor.up', 'hook'],
      ['monitor.up', 'pager'],
    ]);
    expect(recovery[0]!.n).toMatchObject({ state: 'up', previous_state: 'down', down_for_ms: 11 * MIN + 1000 });
    expect(recovery[0]!.n.ack_url).toBeUndefined();
  });

  it('reminds every remind_every while down and unacknowledged, to everyone paged so far', async () => {
    const r = await start();
    await r.result('db', 'down');
    await r.result('db', 'down');
    r.clock.advance(10 * MIN);
    await r.tick();
    r.clock.advance(20 * MIN);
    await r.tick();
    r.clock.advance(MIN);
    await r.tick();
    const sent = await r.sent();
    expect(sent.map((s) => [s.event, s.channel])).toEqual([
      ['monitor.down', 'hook'],
      ['monitor.down', 'pager'],
      ['monitor.reminder', 'hook'],
      ['monitor.reminder', 'pager'],
    ]);
    expect(sent[2]!.n.message).toMatch(/^still down after 30m, not acknowledged: /);
    expect(sent[2]!.n.ack_url).toMatch(/^https:\/\/tocsin\.example\.org\/ack\//);
  });

  it('routes a degraded monitor to the first step only, and never escalates it', async () => {
    const r = await start();
    await r.result('db', 'degraded', 'answered in 2400 ms, expected under 2000 ms');
    await r.result('db', 'degraded', 'answered in 2600 ms, expected under 2000 ms');
    r.clock.advance(45 * MIN);
    await r.tick();
    const sent = await r.sent();
    expect(sent.map((s) => [s.event, s.channel, s.n.state])).toEqual([['monitor.degraded', 'hook', 'degraded']]);
    expect(sent[0]!.n.message).toBe('answered in 2600 ms, expected under 2000 ms');
  });

  it('stops escalating once acknowledged, and tells the channels that were paged who took it', async () => {
    const r = await start();
    await r.result('db', 'down');
    await r.result('db', 'down');
    const answer = await acknowledge(
      applying(r),
      { monitorId: 'db', by: 'ana', actor: { kind: 'cli', label: 'ana' }, via: 'cli', episode: 1, tokenId: null },
      r.clock.now(),
      1000,
    );
    expect(outcomeOf(answer)).toMatchObject({
      code: 'acknowledged',
      message: 'Mirror database acknowledged by ana: escalation and reminders stop until it recovers',
    });
    r.clock.advance(45 * MIN);
    await r.tick();
    expect((await r.sent()).map((s) => [s.event, s.channel, s.n.acknowledged_by])).toEqual([
      ['monitor.down', 'hook', undefined],
      ['monitor.acknowledged', 'hook', 'ana'],
    ]);
    const audit = await listAudit(r.store.db, { limit: 10 });
    expect(audit.map((a) => [a.action, a.target, a.actor.kind, a.actor.label])).toEqual([['monitor.acknowledge', 'monitor db', 'cli', 'ana']]);
  });

  it('answers an acknowledgement of a monitor that is up, or of an outage that is over, without changing anything', async () => {
    const r = await start();
    const up = await acknowledge(
      applying(r),
      { monitorId: 'db', by: 'ana', actor: { kind: 'cli', label: 'ana' }, via: 'cli', episode: null, tokenId: null },
      r.clock.now(),
      1000,
    );
    expect(outcomeOf(up)).toEqual({ code: 'up', message: 'Mirror database is pending: there is nothing to acknowledge' });
    await r.result('db', 'down');
    await r.result('db', 'down');
    const stale = await acknowledge(
      applying(r),
      { monitorId: 'db', by: 'ana', actor: { kind: 'system', label: 'ana (link)' }, via: 'link', episode: 0, tokenId: 'x' },
      r.clock.now(),
      1000,
    );
    expect(outcomeOf(stale)).toMatchObject({ code: 'stale' });
    expect(r.alerting.stateOf('db')?.acknowledged).toBeNull();
  });

  it('holds a failing monitor in a maintenance window and pages at the end of the window if it is still down', async () => {
    const r = await start();
    r.clock.set(T0 + 6 * MIN);
    await r.tick();
    for (let i = 0; i < 5; i++) {
      await r.result('batch', 'down', 'HTTP 502 from GET https://batch.example.org/');
      r.clock.advance(MIN);
    }
    expect(await r.sent()).toEqual([]);
    expect(r.alerting.stateOf('batch')).toMatchObject({ status: 'down', held: true });
    r.clock.set(T0 + 25 * MIN);
    await r.tick();
    const [page] = await r.sent();
    expect(page).toMatchObject({ event: 'monitor.down', channel: 'hook', monitorId: 'batch' });
    expect(page!.n).toMatchObject({ failed_checks: 5, since: new Date(T0 + 7 * MIN).toISOString() });
  });

  it("does not page for a downstream of a failed dependency, names it on the upstream's page, and pages it if the upstream recovers without it", async () => {
    const r = await start();
    await r.result('web', 'down', 'HTTP 500: database unavailable');
    await r.result('db', 'down');
    await r.result('db', 'down');
    await r.result('web', 'down', 'HTTP 500: database unavailable');
    await r.result('web', 'down', 'HTTP 500: database unavailable');
    let sent = await r.sent();
    expect(sent.map((s) => [s.event, s.monitorId])).toEqual([['monitor.down', 'db']]);
    expect(sent[0]!.n.dependants).toEqual(['web']);
    expect((await getState(r.store.db, 'web'))?.lastMessage).toBe('blocked by db: HTTP 500: database unavailable');
    expect(r.alerting.stateOf('web')).toMatchObject({ status: 'down', blockedBy: ['db'] });

    await r.result('db', 'up');
    sent = await r.sent();
    expect(sent.map((s) => [s.event, s.monitorId])).toEqual([
      ['monitor.down', 'db'],
      ['monitor.up', 'db'],
      ['monitor.down', 'web'],
    ]);
    expect(sent[2]!.n).toMatchObject({
      message: 'HTTP 500: database unavailable (held while db was down)',
      status_page_url: 'https://tocsin.example.org/status/public',
    });
    expect(sent[2]!.n.monitor.target).toBe('GET https://user:***@web.example.org/');
  });

  it('keeps its state across a restart: a monitor still down is not announced again, and its escalation goes on', async () => {
    let r = await start();
    await r.result('db', 'down');
    await r.result('db', 'down');
    r = current = await r.restart();
    await r.result('db', 'down');
    await r.tick();
    expect((await r.sent()).map((s) => [s.event, s.channel])).toEqual([['monitor.down', 'hook']]);
    r.clock.advance(11 * MIN);
    await r.tick();
    expect((await r.sent()).map((s) => [s.event, s.channel])).toEqual([
      ['monitor.down', 'hook'],
      ['monitor.down', 'pager'],
    ]);
  });
});

/** The engine in this process: acknowledgements take effect at once, as for the API and links. */
function applying(r: { store: { db: Parameters<typeof acknowledge>[0]['db'] }; alerting: { acks: { applyNow(now: number): Promise<void> } } }) {
  return { db: r.store.db, applyNow: (now: number) => r.alerting.acks.applyNow(now) };
}

function outcomeOf(answer: AckAnswer) {
  return answer.spent ? 'spent' : answer.outcome;
}
