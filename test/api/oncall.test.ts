/** Who is on call through the API: now and next, shifts, overrides with their audit rows, and the iCal feed behind its token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit.js';
import { webhooks } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
const db = () => api.live.tocsin.store.db;

beforeAll(async () => {
  api = await startApi((receiver) => ({
    channels: webhooks(receiver, 'alice-hook', 'bob-hook'),
    people: { alice: { name: 'Alice Martin', channels: ['alice-hook'] }, bob: { name: 'Bob, Okafor', channels: ['bob-hook'] } },
    schedules: {
      primary: {
        name: 'Primary',
        time_zone: 'Europe/London',
        layers: [{ name: 'weekly', rotation: 'weekly', start: '2026-01-05', members: ['alice', 'bob'] }],
        overrides: [{ person: 'bob', start: '2030-12-24T18:00:00Z', end: '2030-12-27T09:00:00Z', reason: 'Christmas' }],
      },
    },
  }));
});

afterAll(async () => {
  await api?.close();
});

describe('who is on call, through the API', () => {
  it('says who is on call at a time and who comes next, handing off at 09:00 London time', async () => {
    const response = await api.call('viewer', 'GET', '/api/v1/oncall?at=2026-07-07T12:00:00Z');
    expect(response.statusCode, response.body).toBe(200);
    // The week from 6 July 2026 is the 27th (26 weeks after the start): alice's; in BST the hand-off is 08:00Z.
    expect(response.json().schedules).toEqual([
      {
        id: 'primary',
        name: 'Primary',
        time_zone: 'Europe/London',
        now: { person: 'alice', name: 'Alice Martin', source: 'weekly', start: expect.any(String), end: '2026-07-13T08:00:00.000Z' },
        next: {
          person: 'bob',
          name: 'Bob, Okafor',
          source: 'weekly',
          start: '2026-07-13T08:00:00.000Z',
          end: expect.any(String),
          at: '2026-07-13T08:00:00.000Z',
        },
      },
    ]);
  });

  it('lists shifts in a range and refuses a range it will not compute', async () => {
    const shifts = await api.call('viewer', 'GET', '/api/v1/schedules/primary/shifts?from=2030-12-22T00:00:00Z&to=2030-12-29T00:00:00Z');
    expect(shifts.statusCode, shifts.body).toBe(200);
    expect(shifts.json().shifts.map((s: { person: string; source: string }) => `${s.person} ${s.source}`)).toEqual([
      'alice weekly',
      'bob weekly',
      'bob override',
      'bob weekly',
    ]);
    const tooLong = await api.call('viewer', 'GET', '/api/v1/schedules/primary/shifts?from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toContain('at most 400 days');
    const unknown = await api.call('viewer', 'GET', '/api/v1/oncall?schedule=primry');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toContain('did you mean `primary`');
  });

  it('adds an override that wins at once, audits it, refuses an overlapping one, and removes it', async () => {
    const body = { person: 'alice', start: '2031-01-06T09:00:00Z', end: '2031-01-08T09:00:00Z', reason: 'swap with bob' };
    expect((await api.call('viewer', 'POST', '/api/v1/schedules/primary/overrides', body)).statusCode).toBe(403);
    const created = await api.call('editor', 'POST', '/api/v1/schedules/primary/overrides', body);
    expect(created.statusCode, created.body).toBe(201);
    const { override } = created.json();
    expect(override).toMatchObject({ source: 'api', person: 'alice', start: '2031-01-06T09:00:00.000Z', createdBy: 'editor@example.org' });
    const who = await api.call('viewer', 'GET', '/api/v1/oncall?at=2031-01-07T00:00:00Z');
    expect(who.json().schedules[0].now).toMatchObject({ person: 'alice', source: 'override', reason: 'swap with bob' });

    const overlap = await api.call('editor', 'POST', '/api/v1/schedules/primary/overrides', {
      person: 'bob',
      start: '2031-01-07T00:00:00Z',
      end: '2031-01-09T00:00:00Z',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error).toMatch(/^start: overlaps the override of alice \(API override /);
    const overFile = await api.call('editor', 'POST', '/api/v1/schedules/primary/overrides', {
      person: 'alice',
      start: '2030-12-26T00:00:00Z',
      end: '2030-12-26T06:00:00Z',
    });
    expect(overFile.json().error).toContain('the override of bob (tocsin.yaml');
    const nobody = await api.call('editor', 'POST', '/api/v1/schedules/primary/overrides', { ...body, person: 'carol' });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json()).toMatchObject({ field: 'person' });
    const backwards = await api.call('editor', 'POST', '/api/v1/schedules/primary/overrides', { ...body, start: body.end, end: body.start });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toContain('end: expected end after start');
    const badTime = await api.call('editor', 'POST', '/api/v1/schedules/primary/overrides', { ...body, start: 'tomorrow' });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().error).toContain('body start: expected an ISO 8601 date-time');

    const listed = (await api.call('viewer', 'GET', '/api/v1/schedules/primary/overrides')).json().overrides;
    expect(listed.map((o: { source: string; person: string }) => `${o.source} ${o.person}`)).toEqual(['config bob', 'api alice']);

    const removed = await api.call('editor', 'DELETE', `/api/v1/schedules/primary/overrides/${override.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await api.call('viewer', 'GET', '/api/v1/oncall?at=2031-01-07T00:00:00Z')).json().schedules[0].now.source).toBe('weekly');
    expect((await api.call('editor', 'DELETE', `/api/v1/schedules/primary/overrides/${override.id}`)).statusCode).toBe(404);
    const audit = await listAudit(db(), { limit: 50 });
    expect(audit.filter((a) => a.action.startsWith('oncall_override.')).map((a) => `${a.action} ${a.target} ${a.actor.label}`)).toEqual([
      'oncall_override.delete schedule primary editor@example.org',
      'oncall_override.create schedule primary editor@example.org',
    ]);
  });

  it('serves the iCal feed to a calendar app with the token, and to nobody without it', async () => {
    const { path } = (await api.call('viewer', 'GET', '/api/v1/schedules/primary/calendar')).json();
    const base = `http://${api.live.tocsin.address}`;
    const feed = await fetch(`${base}${path}`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await feed.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text).toContain('SUMMARY:On call: Bob\\, Okafor (Primary)');
    expect((await fetch(`${base}/api/v1/schedules/primary/calendar.ics`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/schedules/primary/calendar.ics?token=${'x'.repeat(32)}`)).status).toBe(401);
    // A token opens its own schedule's feed only.
    const other = path.replace('/primary/', '/secondary/');
    expect((await fetch(`${base}${other}`)).status).toBe(404);
  });
});
