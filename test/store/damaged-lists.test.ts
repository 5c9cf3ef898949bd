/**
 * A list read from the store never breaks on one damaged row: the row is listed with the part that
 * does not decode left out and marked (`damaged`: which column, why), the log names the row and the
 * reason, and every other row and column is as stored. Reading one row to change it still refuses a
 * damaged column, so a write never replaces it with the left-out stand-in.
 */
import { pino } from 'pino';
import { beforeEach, expect, it } from 'vitest';
import { openByHand } from '../../src/services/incident-response.js';
import { recordAudit } from '../../src/services/audit.js';
import { listAudit } from '../../src/store/audit.js';
import { listResponseIncidents } from '../../src/services/incident-list.js';
import { getPost, insertPost, listPosts } from '../../src/store/incidents.js';
import { awaitingPostmortem, getIncident, listIncidents } from '../../src/store/response-incidents.js';
import { logDamaged } from '../../src/store/stored-json.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2026, 11, 1, 10);
const actor = { kind: 'cli' as const, label: 'ana' };

function capture() {
  const logged: { msg: string; incident?: string; field?: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
  return { logged, logger };
}

describeStore('damaged rows in lists', (store) => {
  beforeEach(async () => {
    const db = store().db.withTables<{ response_incident_events: { id: string }; response_incidents: { id: string }; incidents: { id: string } }>();
    await db.deleteFrom('response_incident_events').execute();
    await db.deleteFrom('response_incidents').execute();
    await db.deleteFrom('incidents').execute();
  });
  const ctx = (now: number) => ({ db: store().db, now, actor });
  const incidents = () => store().db.withTables<{ response_incidents: { id: string; links: string; analysis: string; state: string } }>();

  it('lists a response incident whose links and analysis do not decode without them, marked, beside intact ones', async () => {
    const intact = await openByHand(ctx(T0), { title: 'Intact', severity: 2, components: ['Web'] });
    const damaged = await openByHand(ctx(T0 + 1000), { title: 'Damaged', severity: 3, components: ['Downloads'] });
    await incidents().updateTable('response_incidents').set({ links: '[{"label":"log"}]', analysis: '{"root_cause":' }).where('id', '=', damaged.id).execute();
    const listed = await listIncidents(store().db, { limit: 10 });
    expect(listed.map((i) => i.id)).toEqual([damaged.id, intact.id]);
    expect(listed[1]).toEqual(await getIncident(store().db, intact.id));
    expect(listed[1]).not.toHaveProperty('damaged');
    const { damaged: parts, ...rest } = listed[0]!;
    expect(rest).toEqual({ ...damaged, links: [], analysis: {} });
    expect(parts).toEqual([
      { field: 'links', problem: expect.stringMatching(/^invalid at 0\.url: /) },
      { field: 'analysis', problem: expect.stringMatching(/^not JSON /) },
    ]);
    // The one-row read that a change starts from still refuses it: a write would store the stand-in.
    await expect(getIncident(store().db, damaged.id)).rejects.toThrow(`the stored response incident ${damaged.id} links cannot be read`);
  });

  it('the incident list service logs which incident and which column, and why', async () => {
    const damaged = await openByHand(ctx(T0), { title: 'Damaged', severity: 3 });
    await incidents().updateTable('response_incidents').set({ links: '{}' }).where('id', '=', damaged.id).execute();
    const { logged, logger } = capture();
    const listed = await listResponseIncidents(store().db, logger, { limit: 10 });
    expect(listed.map((i) => [i.id, i.links, i.damaged?.map((d) => d.field)])).toEqual([[damaged.id, [], ['links']]]);
    expect(logged).toEqual([
      expect.objectContaining({
        incident: damaged.id,
        field: 'links',
        msg: `response incident ${damaged.id}: the stored links cannot be read (invalid at (root): Invalid input: expected array, received object); listed without its links`,
      }),
    ]);
  });

  it('lists incidents awaiting a post-mortem past a damaged one', async () => {
    const damaged = await openByHand(ctx(T0), { title: 'Damaged', severity: 3 });
    const intact = await openByHand(ctx(T0), { title: 'Intact', severity: 3 });
    await incidents().updateTable('response_incidents').set({ state: 'resolved' }).execute();
    await incidents().updateTable('response_incidents').set({ analysis: '[]' }).where('id', '=', damaged.id).execute();
    const listed = await awaitingPostmortem(store().db, 10);
    expect(listed.map((i) => i.id).sort()).toEqual([damaged.id, intact.id].sort());
    expect(listed.find((i) => i.id === damaged.id)?.damaged).toEqual([{ field: 'analysis', problem: expect.stringMatching(/^invalid at \(root\)/) }]);
  });

  it("lists a status page's posts past one whose components do not decode, marked, and logs it", async () => {
    const post = (id: string, startsAt: number) => ({
      id,
      page: 'main',
      kind: 'incident' as const,
      title: id,
      impact: 'minor' as const,
      status: 'investigating' as const,
      components: ['API'],
      startsAt,
      endsAt: null,
      resolvedAt: null,
      createdAt: startsAt,
      updatedAt: startsAt,
    });
    await insertPost(store().db, post('intact', T0));
    await insertPost(store().db, post('damaged', T0 + 1000));
    await store()
      .db.withTables<{ incidents: { id: string; components: string } }>()
      .updateTable('incidents')
      .set({ components: '["API",' })
      .where('id', '=', 'damaged')
      .execute();
    const listed = await listPosts(store().db, 'main', 0);
    expect(listed.map((p) => [p.id, p.components, p.damaged?.map((d) => d.field)])).toEqual([
      ['damaged', [], ['components']],
      ['intact', ['API'], undefined],
    ]);
    await expect(getPost(store().db, 'damaged')).rejects.toThrow('the stored incident damaged components cannot be read');
    const { logged, logger } = capture();
    logDamaged(logger, 'status page post', listed);
    expect(logged.map((l) => l.msg)).toEqual([expect.stringMatching(/^status page post damaged: the stored components cannot be read \(not JSON /)]);
  });

  it('lists the audit log past an entry whose before does not read, marked, with its after intact', async () => {
    const db = store().db;
    await db.withTables<{ audit_log: { id: string } }>().deleteFrom('audit_log').execute();
    const ana = { kind: 'user' as const, id: 'u1', label: 'ana', role: 'admin' as const, scope: 'write' as const, viaCookie: true };
    await recordAudit(db, { actor: ana, action: 'monitor.update', target: 'monitor web', before: { interval: 60 }, after: { interval: 30 } });
    await recordAudit(db, { actor: ana, action: 'monitor.delete', target: 'monitor db', before: { id: 'db' } });
    await db
      .withTables<{ audit_log: { target: string; before: string } }>()
      .updateTable('audit_log')
      .set({ before: '{"interval":' })
      .where('target', '=', 'monitor web')
      .execute();
    const entries = await listAudit(db, { limit: 10 });
    const web = entries.find((e) => e.target === 'monitor web');
    expect(web).toMatchObject({ before: null, after: { interval: 30 }, damaged: [{ field: 'before', problem: expect.stringMatching(/^not JSON /) }] });
    expect(entries.find((e) => e.target === 'monitor db')).toMatchObject({ before: { id: 'db' }, after: null });
    expect(entries.find((e) => e.target === 'monitor db')).not.toHaveProperty('damaged');
  });
});
