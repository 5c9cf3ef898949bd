/**
 * The alert state of each monitor (one JSON row with its schema version, overwritten as it
 * changes, validated on read) and acknowledgements queued for the running engine by `tocsin ack`
 * and by signed links.
 */
import type { AlertState } from '../core/alert/index.js';
import { ALERT_STATE_VERSION, decodeAlertState, encodeAlertState } from './alert-state-codec.js';
import type { Db } from './schema.js';
import { inTransaction } from './tx.js';

export interface AlertStateTable {
  monitor_id: string;
  state: string;
  updated_at: number;
  /** Shape of `state` (alert-state-codec.ts); 1 for rows written before the column existed. */
  version: number;
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
  /** JSON of who asked (the audit actor); null for rows queued before the column existed. */
  actor: string | null;
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

/** A stored state that could not be read: its monitor reports it and starts afresh; the others are unaffected. */
export interface BrokenAlertState {
  monitorId: string;
  problem: string;
}

/** 4 columns a row: far under both dialects' parameter limits. */
const ROWS_PER_STATEMENT = 2000;

export async function upsertAlertStates(db: Db, rows: readonly StoredAlertState[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const values = rows
        .slice(start, start + ROWS_PER_STATEMENT)
        .map((r) => ({ monitor_id: r.monitorId, state: encodeAlertState(r.state), updated_at: r.updatedAt, version: ALERT_STATE_VERSION }));
      await tables(trx)
        .insertInto('alert_state')
        .values(values)
        // An unchanged state is not rewritten: on PostgreSQL every rewrite is a dead tuple to vacuum.
        .onConflict((oc) =>
          oc
            .column('monitor_id')
            .doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), updated_at: eb.ref('excluded.updated_at'), version: eb.ref('excluded.version') }))
            .where((eb) => eb.or([eb('alert_state.state', '<>', eb.ref('excluded.state')), eb('alert_state.version', '<>', eb.ref('excluded.version'))])),
        )
        .execute();
    }
  });
}

/** Every stored state that validates, and the ones that do not, each named with its problem. */
export async function readAlertStates(db: Db): Promise<{ states: StoredAlertState[]; broken: BrokenAlertState[] }> {
  const rows = await tables(db).selectFrom('alert_state').selectAll().orderBy('monitor_id').execute();
  const states: StoredAlertState[] = [];
  const broken: BrokenAlertState[] = [];
  for (const r of rows) {
    const decoded = decodeAlertState(r.state, Number(r.version));
    if ('problem' in decoded) broken.push({ monitorId: r.monitor_id, problem: decoded.problem });
    else states.push({ monitorId: r.monitor_id, state: decoded.state, updatedAt: Number(r.updated_at) });
  }
  return { states, broken };
}

/** The states that validate (readers that show states; the engine uses readAlertStates to report the others). */
export async function listAlertStates(db: Db): Promise<StoredAlertState[]> {
  return (await readAlertStates(db)).states;
}

/** One monitor's state; a row that does not validate is reported as an error naming its problem. */
export async function getAlertState(db: Db, monitorId: string): Promise<AlertState | undefined> {
  const row = await tables(db).selectFrom('alert_state').select(['state', 'version']).where('monitor_id', '=', monitorId).executeTakeFirst();
  if (!row) return undefined;
  const decoded = decodeAlertState(row.state, Number(row.version));
  if ('problem' in decoded) throw new Error(`${monitorId}: ${decoded.problem}`);
  return decoded.state;
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
  /** JSON of who asked, as the audit log names them; the service reads it. */
  actor?: string | null;
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
      actor: request.actor ?? null,
    })
    .onConflict((oc) => oc.column('token_id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function pendingAcks(db: Db, limit = 500): Promise<AckRequest[]> {
  const rows = await tables(db)
    .selectFrom('ack_requests')
    .selectAll()
    .where('applied_at', 'is', null)
    .orderBy('requested_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    monitorId: r.monitor_id,
    by: r.by,
    via: r.via,
    episode: r.episode,
    tokenId: r.token_id,
    requestedAt: r.requested_at,
    actor: r.actor,
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
  await db
    .insertInto('meta')
    .values({ key: SECRET_KEY, value: generate() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('meta').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return row.value;
}

/** Who spent a link token, and when; undefined while it is unspent. */
export async function spentToken(db: Db, tokenId: string): Promise<{ by: string; at: number } | undefined> {
  const row = await tables(db).selectFrom('ack_requests').select(['by', 'requested_at']).where('token_id', '=', tokenId).executeTakeFirst();
  return row && { by: row.by, at: row.requested_at };
}
