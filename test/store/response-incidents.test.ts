/** Response incidents through their writers, on every dialect: fields, events, bounds, post-mortem, action items. */
import { beforeEach, expect, it } from 'vitest';
import { TocsinError } from '../../src/lib/errors.js';
import { addActionItem, changeActionItem } from '../../src/services/incident-actions.js';
import { addNote, changeIncident, joinFromAlert, openByHand, openFromAlert, recordRecovery, settlePostmortem } from '../../src/services/incident-response.js';
import { eventsOf, getIncident, listIncidents, overdueActionItems, awaitingPostmortem } from '../../src/store/response-incidents.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2026, 11, 1, 10);
const actor = { kind: 'cli' as const, label: 'ana' };

describeStore('response incidents', (store) => {
  beforeEach(async () => {
    const db = store().db.withTables<{ action_items: { id: string }; response_incident_events: { id: string }; response_incidents: { id: string } }>();
    await db.deleteFrom('action_items').execute();
    await db.deleteFrom('response_incident_events').execute();
    await db.deleteFrom('response_incidents').execute();
  });
  const ctx = (now: number) => ({ db: store().db, now, actor });

  it('opens one by hand, records each change as an event, and resolves it', async () => {
    const opened = await openByHand(ctx(T0), { title: ' Mirrors slow ', severity: 2, components: ['Downloads', 'Downloads'] });
    expect(opened).toMatchObject({
      title: 'Mirrors slow',
      severity: 2,
      state: 'investigating',
      openedBy: 'ana',
      components: ['Downloads'],
      postmortem: 'pending',
    });
    await changeIncident(ctx(T0 + 1000), opened.id, { commander: 'ana', addParticipants: ['bob', 'bob'], state: 'identified' });
    await addNote(ctx(T0 + 2000), opened.id, 'pool exhausted');
    const resolved = await changeIncident(ctx(T0 + 3000), opened.id, { state: 'resolved', analysis: { root_cause: 'pool size' } });
    expect(resolved).toMatchObject({
      state: 'resolved',
      resolvedAt: T0 + 3000,
      commander: 'ana',
      participants: ['bob'],
      analysis: { root_cause: 'pool size' },
    });
    const events = await eventsOf(store().db, opened.id);
    expect(events.map((e) => [e.at - T0, e.kind, e.by, e.text])).toEqual(
      [
        [0, 'opened', 'ana', 'opened by ana as SEV2: Mirrors slow'],
        [1000, 'state', 'ana', 'investigating → identified'],
        [1000, 'commander', 'ana', 'ana is the incident commander'],
        [1000, 'participant', 'ana', 'bob joined the response'],
        [2000, 'note', 'ana', 'pool exhausted'],
        [3000, 'state', 'ana', 'identified → resolved'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    await expect(changeIncident(ctx(T0 + 4000), opened.id, { state: 'monitoring' })).rejects.toThrow('is resolved; open a new one');
    expect((await awaitingPostmortem(store().db, 10)).map((i) => i.id)).toEqual([opened.id]);
    await expect(settlePostmortem(ctx(T0 + 5000), opened.id, 'waived')).rejects.toMatchObject({ details: { field: 'reason' } });
    await settlePostmortem(ctx(T0 + 5000), opened.id, 'published');
    expect(await awaitingPostmortem(store().db, 10)).toEqual([]);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    await expect(openByHand(ctx(T0), { title: ' ', severity: 2 })).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'title' } });
    await expect(openByHand(ctx(T0), { title: 'x', severity: 7 as 1 })).rejects.toMatchObject({ details: { field: 'severity' } });
    const opened = await openByHand(ctx(T0), { title: 'x', severity: 4 });
    await expect(changeIncident(ctx(T0), opened.id, { addLinks: [{ label: 'chat', url: 'javascript:alert(1)' }] })).rejects.toMatchObject({
      details: { field: 'url' },
    });
    await expect(addNote(ctx(T0), opened.id, 'x'.repeat(10_001))).rejects.toMatchObject({ details: { field: 'note' } });
    await expect(addNote(ctx(T0), 'nope', 'hello')).rejects.toThrow(TocsinError);
    expect((await eventsOf(store().db, opened.id)).length).toBe(1);
  });

  it('opens from an alert, joins another monitor, notes a relapse once, and records recovery', async () => {
    await openFromAlert(store().db, T0, { id: 'inc_a', monitorId: 'db', status: 'down', title: 'Database is down', severity: 1 });
    expect(await joinFromAlert(store().db, T0 + 1000, 'inc_a', { monitorId: 'web', status: 'down' })).toBe(true);
    expect(await joinFromAlert(store().db, T0 + 2000, 'inc_a', { monitorId: 'db', status: 'down' })).toBe(true);
    await recordRecovery(store().db, T0 + 3000, 'inc_a', 'db');
    expect(await getIncident(store().db, 'inc_a')).toMatchObject({ monitors: ['db', 'web'], openedBy: 'auto', severity: 1 });
    expect((await eventsOf(store().db, 'inc_a')).map((e) => e.text)).toEqual([
      'opened by the alert on db (down)',
      'web (down) joined',
      'db failed again (down)',
      'db is up again',
    ]);
    await changeIncident(ctx(T0 + 4000), 'inc_a', { state: 'resolved' });
    expect(await joinFromAlert(store().db, T0 + 5000, 'inc_a', { monitorId: 'web', status: 'down' })).toBe(false);
    expect((await listIncidents(store().db, { unresolved: true, limit: 10 })).length).toBe(0);
  });

  it('keeps action items with owner, due date, state and link, and lists the overdue ones', async () => {
    const incident = await openByHand(ctx(T0), { title: 'x', severity: 3 });
    const late = await addActionItem(ctx(T0), incident.id, {
      title: 'Add a pool alert',
      owner: 'bob',
      dueAt: T0 + 1000,
      link: 'https://tracker.example.org/1',
    });
    const fine = await addActionItem(ctx(T0), incident.id, { title: 'Document the failover', dueAt: T0 + 10_000_000 });
    const done = await addActionItem(ctx(T0), incident.id, { title: 'Raise max_connections', dueAt: T0 + 1000 });
    await changeActionItem(ctx(T0 + 500), done.id, { state: 'done' });
    expect((await overdueActionItems(store().db, T0 + 2000, 10)).map((i) => i.id)).toEqual([late.id]);
    expect(fine.owner).toBeNull();
    await expect(changeActionItem(ctx(T0), late.id, { state: 'closed' as 'done' })).rejects.toMatchObject({ details: { field: 'state' } });
  });

  it('a damaged links or analysis column is reported naming the incident and the column, not read with the wrong type', async () => {
    const opened = await openByHand(ctx(T0), { title: 'Damaged', severity: 3 });
    const db = store().db.withTables<{ response_incidents: { id: string; links: string; analysis: string } }>();
    await db.updateTable('response_incidents').set({ links: '[{"label":"log"}]' }).where('id', '=', opened.id).execute();
    await expect(getIncident(store().db, opened.id)).rejects.toThrow(`the stored response incident ${opened.id} links cannot be read: invalid at 0.url`);
    await db.updateTable('response_incidents').set({ links: '[]', analysis: '{"root_cause":4}' }).where('id', '=', opened.id).execute();
    await expect(getIncident(store().db, opened.id)).rejects.toThrow(
      `the stored response incident ${opened.id} analysis cannot be read: invalid at root_cause`,
    );
    await db.updateTable('response_incidents').set({ analysis: '{"root_cause":"pool"}' }).where('id', '=', opened.id).execute();
    expect((await getIncident(store().db, opened.id))?.analysis).toEqual({ root_cause: 'pool' });
  });
});
