/** The writers of action items: add one to an incident, change its owner, due date, state or link. */
import { randomUUID } from 'node:crypto';
import { ACTION_ITEM_STATES, type ActionItem, type ActionItemState } from '../core/incident/types.js';
import { TocsinError } from '../lib/errors.js';
import { actionItemsOf, getActionItem, insertActionItem, saveActionItem } from '../store/response-incidents.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit } from './audit.js';
import { event, httpUrl, LIMITS, mustGet, text, type IncidentContext } from './incident-response.js';

export const MAX_ACTION_ITEMS = 200;

export interface NewActionItem {
  title: string;
  owner?: string;
  dueAt?: number;
  link?: string;
}

export interface ActionItemChange {
  title?: string;
  owner?: string | null;
  dueAt?: number | null;
  state?: ActionItemState;
  link?: string | null;
}

export async function addActionItem(ctx: IncidentContext, incidentId: string, input: NewActionItem): Promise<ActionItem> {
  await mustGet(ctx.db, incidentId);
  if ((await actionItemsOf(ctx.db, [incidentId])).length >= MAX_ACTION_ITEMS)
    throw new TocsinError('invalid_input', `incident ${incidentId} already has ${MAX_ACTION_ITEMS} action items`, { field: 'title' });
  const item: ActionItem = {
    id: `act_${randomUUID()}`,
    incidentId,
    title: text('title', input.title, LIMITS.title),
    owner: input.owner === undefined ? null : text('owner', input.owner, LIMITS.name),
    dueAt: input.dueAt === undefined ? null : due(input.dueAt),
    state: 'open',
    link: input.link === undefined ? null : httpUrl(input.link),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  await inTransaction(ctx.db, async (trx) => {
    await insertActionItem(trx, item);
    await event(trx, incidentId, ctx.now, 'action', ctx.actor.label, null, `action item: ${item.title}${item.owner ? ` (${item.owner})` : ''}`);
    await recordAudit(trx, { actor: ctx.actor, action: 'action_item.create', target: `action item ${item.id}`, after: item, at: ctx.now });
  });
  return item;
}

export async function changeActionItem(ctx: IncidentContext, id: string, change: ActionItemChange): Promise<ActionItem> {
  const before = await getActionItem(ctx.db, id);
  if (!before) throw new TocsinError('not_found', `no action item "${id}"`);
  if (change.state !== undefined && !ACTION_ITEM_STATES.includes(change.state))
    throw new TocsinError('invalid_input', `unknown state "${String(change.state)}"`, { field: 'state', expected: ACTION_ITEM_STATES.join(', ') });
  const next: ActionItem = {
    ...before,
    ...(change.title !== undefined && { title: text('title', change.title, LIMITS.title) }),
    ...(change.owner !== undefined && { owner: change.owner === null ? null : text('owner', change.owner, LIMITS.name) }),
    ...(change.dueAt !== undefined && { dueAt: change.dueAt === null ? null : due(change.dueAt) }),
    ...(change.state !== undefined && { state: change.state }),
    ...(change.link !== undefined && { link: change.link === null ? null : httpUrl(change.link) }),
    updatedAt: ctx.now,
  };
  await inTransaction(ctx.db, async (trx) => {
    await saveActionItem(trx, next);
    if (next.state !== before.state) await event(trx, before.incidentId, ctx.now, 'action', ctx.actor.label, null, `action item ${next.state}: ${next.title}`);
    await recordAudit(trx, { actor: ctx.actor, action: 'action_item.update', target: `action item ${id}`, before, after: next, at: ctx.now });
  });
  return next;
}

function due(at: number): number {
  if (!Number.isFinite(at)) throw new TocsinError('invalid_input', 'due must be a date such as 2026-12-31', { field: 'due' });
  return at;
}
