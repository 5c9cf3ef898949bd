/**
 * Status page subscribers (email or webhook, the whole page or chosen components) and the messages
 * waiting for them. Tables from migration 0005. A subscriber's token is its only credential: the
 * confirm link's until it is used, then the unsubscribe link's.
 */
import type { Selectable } from 'kysely';
import type { Db } from './schema.js';
import { storedJson, storedJsonOr, storedStrings, type DamagedPart } from './stored-json.js';

export type SubscriberKind = 'email' | 'webhook';

export interface SubscribersTable {
  id: string;
  page: string;
  kind: SubscriberKind;
  address: string;
  /** JSON array of component names, or null for the whole page. */
  components: string | null;
  token: string;
  confirmed_at: number | null;
  created_at: number;
}

export interface SubscriberMessagesTable {
  id: string;
  subscriber_id: string;
  subject: string;
  /** JSON of a SubscriberNotice (web/status/subscriber-messages.ts): links are added when it is sent. */
  body: string;
  created_at: number;
  sent_at: number | null;
}

export interface Subscriber {
  id: string;
  page: string;
  kind: SubscriberKind;
  address: string;
  /** Null: every post on the page. */
  components: string[] | null;
  token: string;
  confirmedAt: number | null;
  createdAt: number;
  /** Listed only: the stored columns that could not be read and were left out (empty), and why. */
  damaged?: DamagedPart[];
}

export interface SubscriberMessage {
  id: string;
  subscriberId: string;
  subject: string;
  body: string;
  createdAt: number;
}

function tables(db: Db) {
  return db.withTables<{ subscribers: SubscribersTable; subscriber_messages: SubscriberMessagesTable }>();
}

export async function insertSubscriber(db: Db, s: Subscriber): Promise<void> {
  await tables(db).insertInto('subscribers').values(toRecord(s)).execute();
}

/** A new token and choice of components for someone subscribing again (e.g. the first mail got lost). */
export async function renewSubscriber(db: Db, id: string, fields: { token: string; components: string[] | null }): Promise<void> {
  await tables(db)
    .updateTable('subscribers')
    .set({ token: fields.token, components: json(fields.components) })
    .where('id', '=', id)
    .execute();
}

export async function findSubscriber(db: Db, page: string, kind: SubscriberKind, address: string): Promise<Subscriber | undefined> {
  const row = await tables(db)
    .selectFrom('subscribers')
    .selectAll()
    .where('page', '=', page)
    .where('kind', '=', kind)
    .where('address', '=', address)
    .executeTakeFirst();
  return row && fromRecord(row);
}

export async function subscriberByToken(db: Db, token: string): Promise<Subscriber | undefined> {
  const row = await tables(db).selectFrom('subscribers').selectAll().where('token', '=', token).executeTakeFirst();
  return row && fromRecord(row);
}

export async function getSubscriber(db: Db, id: string): Promise<Subscriber | undefined> {
  const row = await tables(db).selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRecord(row);
}

/**
 * The subscriber a queued message goes to, read as lists read it: sending needs only its address and
 * token, so components that do not decode are left out (marked) rather than stalling the delivery.
 */
export async function subscriberToSend(db: Db, id: string): Promise<Subscriber | undefined> {
  const row = await tables(db).selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  return row && listed(row);
}

/**
 * Confirms once: only an unconfirmed row holding `token` changes, and its token is replaced, so the
 * confirm link cannot be used twice. False when another request got there first.
 */
export async function confirmSubscriber(db: Db, id: string, token: string, next: { token: string; at: number }): Promise<boolean> {
  const result = await tables(db)
    .updateTable('subscribers')
    .set({ confirmed_at: next.at, token: next.token })
    .where('id', '=', id)
    .where('token', '=', token)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes the subscriber and whatever still waited for it. */
export async function deleteSubscriber(db: Db, id: string): Promise<void> {
  await tables(db).deleteFrom('subscriber_messages').where('subscriber_id', '=', id).execute();
  await tables(db).deleteFrom('subscribers').where('id', '=', id).execute();
}

/** A subscriber whose components do not decode is listed with none (only whole-page posts concern it), marked in `damaged`. */
export async function confirmedSubscribers(db: Db, page: string): Promise<Subscriber[]> {
  const rows = await tables(db)
    .selectFrom('subscribers')
    .selectAll()
    .where('page', '=', page)
    .where('confirmed_at', 'is not', null)
    .orderBy('created_at')
    .execute();
  return rows.map(listed);
}

/** Repeats of a stored id are dropped: queueing the same update twice sends it once. */
export async function queueMessages(db: Db, messages: readonly SubscriberMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await tables(db)
    .insertInto('subscriber_messages')
    .values(messages.map((m) => ({ id: m.id, subscriber_id: m.subscriberId, subject: m.subject, body: m.body, created_at: m.createdAt, sent_at: null })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Unsent messages created since `since`, oldest first. */
export async function pendingMessages(db: Db, since: number, limit: number): Promise<SubscriberMessage[]> {
  const rows = await tables(db)
    .selectFrom('subscriber_messages')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, subscriberId: r.subscriber_id, subject: r.subject, body: r.body, createdAt: r.created_at }));
}

export async function markSent(db: Db, id: string, at: number): Promise<void> {
  await tables(db).updateTable('subscriber_messages').set({ sent_at: at }).where('id', '=', id).where('sent_at', 'is', null).execute();
}

export async function messagesOf(db: Db, subscriberId: string): Promise<(SubscriberMessage & { sentAt: number | null })[]> {
  const rows = await tables(db).selectFrom('subscriber_messages').selectAll().where('subscriber_id', '=', subscriberId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, subscriberId: r.subscriber_id, subject: r.subject, body: r.body, createdAt: r.created_at, sentAt: r.sent_at }));
}

function json(components: string[] | null): string | null {
  return components === null ? null : JSON.stringify(components);
}

function toRecord(s: Subscriber): Selectable<SubscribersTable> {
  return {
    id: s.id,
    page: s.page,
    kind: s.kind,
    address: s.address,
    components: json(s.components),
    token: s.token,
    confirmed_at: s.confirmedAt,
    created_at: s.createdAt,
  };
}

/** One subscriber read to be changed: damaged components throw, so no write stores the stand-in a list shows. */
function fromRecord(r: Selectable<SubscribersTable>): Subscriber {
  return { ...decodeRow(r), components: r.components === null ? null : storedJson(storedStrings, r.components, `subscriber ${r.id} components`) };
}

/** A subscriber of a list: components that do not decode are left out (none) and marked in `damaged`. */
function listed(r: Selectable<SubscribersTable>): Subscriber {
  const damaged: DamagedPart[] = [];
  const components = r.components === null ? null : storedJsonOr(storedStrings, r.components, [], 'components', damaged);
  return { ...decodeRow(r), components, ...(damaged.length > 0 && { damaged }) };
}

function decodeRow(r: Selectable<SubscribersTable>): Omit<Subscriber, 'components'> {
  return {
    id: r.id,
    page: r.page,
    kind: r.kind,
    address: r.address,
    token: r.token,
    confirmedAt: r.confirmed_at === null ? null : Number(r.confirmed_at),
    createdAt: Number(r.created_at),
  };
}
