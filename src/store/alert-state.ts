/**
 * The alert state of each monitor (one JSON row, overwritten as it changes) and acknowledgements
 * queued for the running engine by `tocsin ack` and by signed links.
 */
import { upgradeState, type AlertState } from '../core/alert/index.js';
import type { Db } from './schema.js';
import { inTransaction } from './tx.js';

export interface AlertStateTable {
  monitor_id: string;
  state: string;
  updated_at: number;
}

export interface AckRequestsTable {
  id: string;
  monitor_id: string;
  by: string;
  via: string;
  episode: number | null;
  token_id: string | null;
  requested_at: number;
  applied_at: number | null;
  outcome: string | null;
}

/** The shared Database plus this module's tables, without editing the shared schema file. */
function tables(db: Db) {
  return db.withTables<{ alert_state: AlertStateTable; ack_requests: AckRequestsTable }>();
}

export interface StoredAlertState {
  monitorId: string;
  state: AlertState;
  updatedAt: number;
}

/** 3 columns a row: far under both dialects' parameter limits. */
const ROWS_PER_STATEMENT = 2000;

export async function upsertAlertStates(db: Db, rows: readonly StoredAlertState[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const values = rows.slice(start, start + ROWS_PER_STATEMENT).map((r) => ({ monitor_id: r.monitorId, state: JSON.stringify(r.state), updated_at: r.updatedAt }));
      await tables(trx)
        .insertInto('alert_state')
        .values(values)
        // An unchanged state is not rewritten: on PostgreSQL every rewrite is a dead tuple to vacuum.
        .onConflict((oc) =>
          oc
            .column('monitor_id')
            .doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), updated_at: eb.ref('excluded.updated_at') }))
            .where((eb) => eb('alert_state.state', '<>', eb.ref('excluded.state'))),
        )
        .execute();
    }
  });
}

export async function listAlertStates(db: Db): Promise<StoredAlertState[]> {
  const rows = await tables(db).selectFrom('alert_state').selectAll().orderBy('monitor_id').execute();
  return rows.map((r) => ({ monitorId: r.monitor_id, state: upgradeState(JSON.parse(r.state) as AlertState), updatedAt: r.updated_at }));
}

export async function getAlertState(db: Db, monitorId: string): Promise<AlertState | undefined> {
  const row = await tables(db).selectFrom('alert_state').select('state').where('monitor_id', '=', monitorId).executeTakeFirst();
  return row && upgradeState(JSON.parse(row.state) as AlertState);
}

export interface AckRequest {
  id: string;
  monitorId: string;
  by: string;
  /** Where it came from: "cli", "link". */
  via: string;
  episode: number | null;
  tokenId: string | null;
  requestedAt: number;
}

export interface AppliedAck {
  id: string;
  appliedAt: number;
  /** What happened, for the person waiting: "acknowledged", "already acknowledged by …", "up". */
  outcome: string;
}

/** Queues an acknowledgement; false when its token was spent already (the unique token id says so). */
export async function queueAck(db: Db, request: AckRequest): Promise<boolean> {
  const inserted = await tables(db)
    .insertInto('ack_requests')
    .values({
      id: request.id,
      monitor_id: request.monitorId,
      by: request.by,
      via: request.via,
      episode: request.episode,
      token_id: request.tokenId,
      requested_at: request.requestedAt,
      applied_at: null,
      outcome: null,
    })
    .onConflict((oc) => oc.column('token_id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function pendingAcks(db: Db, limit = 500): Promise<AckRequest[]> {
  const rows = await tables(db).selectFrom('ack_requests').selectAll().where('applied_at', 'is', null).orderBy('requested_at').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    monitorId: r.monitor_id,
    by: r.by,
    via: r.via,
    episode: r.episode,
    tokenId: r.token_id,
    requestedAt: r.requested_at,
  }));
}

export async function markAcksApplied(db: Db, applied: readonly AppliedAck[]): Promise<void> {
  for (const ack of applied) {
    await tables(db).updateTable('ack_requests').set({ applied_at: ack.appliedAt, outcome: ack.outcome }).where('id', '=', ack.id).execute();
  }
}

/** The request as the engine settled it, or undefined while it waits. */
export async function ackOutcome(db: Db, id: string): Promise<AppliedAck | undefined> {
  const row = await tables(db).selectFrom('ack_requests').select(['applied_at', 'outcome']).where('id', '=', id).executeTakeFirst();
  if (!row || row.applied_at === null) return undefined;
  return { id, appliedAt: row.applied_at, outcome: row.outcome ?? '' };
}

const SECRET_KEY = 'link_signing_secret';

/**
 * The instance's secret for signed links, made on first start. Insert-if-absent then read, so two
 * instances starting together on one PostgreSQL agree on one secret.
 */
export async function linkSecret(db: Db, generate: () => string): Promise<string> {
  await db.insertInto('meta').values({ key: SECRET_KEY, value: generate() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('meta').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return row.value;
}

/** Who spent a link token, and when; undefined while it is unspent. */
export async function spentToken(db: Db, tokenId: string): Promise<{ by: string; at: number } | undefined> {
  const row = await tables(db).selectFrom('ack_requests').select(['by', 'requested_at']).where('token_id', '=', tokenId).executeTakeFirst();
  return row && { by: row.by, at: row.requested_at };
}
