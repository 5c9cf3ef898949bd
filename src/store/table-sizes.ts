/**
 * What the store occupies, table by table (indexes included), and how fast results arrive: the
 * facts `tocsin storage` turns into costs. Read-only; dialect-specific catalogue queries by need.
 */
import { sql } from 'kysely';
import type { Store } from './open.js';
import { KEPT_LONG } from './result-codec.js';

export interface TableSize {
  table: string;
  rows: number;
  /** On disk, indexes included. */
  bytes: number;
}

export interface StoreFacts {
  tables: TableSize[];
  /** Results stored over the last 24 h. */
  resultsPerDay: number;
  /** Of those, failures and state changes (kept for retention.raw); the rest are routine successes (retention.successes). */
  keptPerDay: number;
  /** Monitors with a result over the last 24 h: each adds 24 hourly and 1 daily rollup a day. */
  monitorsReporting: number;
  /** Monitor-minutes with results over the last 24 h, and those holding one result (no minute row while it is stored). */
  minutesPerDay: number;
  singleMinutesPerDay: number;
  /**
   * Bytes a stored result takes, by kind: the table's bytes per row less the words (detail) it
   * holds on average, plus the average words of each kind. Undefined when no result is stored.
   */
  routineBytesPerRow: number | undefined;
  keptBytesPerRow: number | undefined;
  /** Hours stored in hourly_rollups (a day to a row) and the bytes of their packed data, without the rows' overhead. */
  hourlyHours: number;
  hourlyPackedBytes: number;
  /** The same of minute_rollups (an hour to a row). */
  minuteSlots: number;
  minutePackedBytes: number;
}

const DAY_MS = 86_400_000;

export async function storeFacts(store: Store, now: number): Promise<StoreFacts> {
  const tables = store.dialect === 'sqlite' ? await sqliteSizes(store) : await postgresSizes(store);
  const kept = sql.lit(KEPT_LONG);
  const { rows: recent } = await sql<{ n: number | string; kept: number | string | null; monitors: number | string }>`
    select count(*) as n, sum(case when (code & ${kept}) <> 0 then 1 else 0 end) as kept, count(distinct monitor_key) as monitors
    from results where at >= ${now - DAY_MS} and at < ${now}`.execute(store.db);
  const { rows: minutes } = await sql<{ minutes: number | string; single: number | string | null }>`
    select count(*) as minutes, sum(case when n = 1 then 1 else 0 end) as single from (
      select count(*) as n from results where at >= ${now - DAY_MS} and at < ${now} group by monitor_key, at - (at % 60000)
    ) m`.execute(store.db);
  const hourly = await packedSize(store, 'hourly_rollups');
  const minute = await packedSize(store, 'minute_rollups');
  return {
    tables,
    hourlyHours: hourly.slots,
    hourlyPackedBytes: hourly.packed,
    minuteSlots: minute.slots,
    minutePackedBytes: minute.packed,
    minutesPerDay: Number(minutes[0]?.minutes ?? 0),
    singleMinutesPerDay: Number(minutes[0]?.single ?? 0),
    resultsPerDay: Number(recent[0]?.n ?? 0),
    keptPerDay: Number(recent[0]?.kept ?? 0),
    monitorsReporting: Number(recent[0]?.monitors ?? 0),
    ...(await bytesByKind(
      store,
      tables.find((t) => t.table === 'results'),
    )),
  };
}

async function packedSize(store: Store, table: 'hourly_rollups' | 'minute_rollups'): Promise<{ slots: number; packed: number }> {
  const { rows } = await sql<{ slots: number | string | null; packed: number | string | null }>`
    select sum(slots) as slots, sum(length(packed)) as packed from ${sql.table(table)}`.execute(store.db);
  return { slots: Number(rows[0]?.slots ?? 0), packed: Number(rows[0]?.packed ?? 0) };
}

/** One pass over results: how many rows of each kind and how many bytes of words each kind holds. */
async function bytesByKind(store: Store, results: TableSize | undefined): Promise<Pick<StoreFacts, 'routineBytesPerRow' | 'keptBytesPerRow'>> {
  if (!results || results.rows === 0) return { routineBytesPerRow: undefined, keptBytesPerRow: undefined };
  const kept = sql.lit(KEPT_LONG);
  const words = sql`coalesce(length(detail), 0)`;
  const { rows } = await sql<Record<'kept' | 'routine' | 'kept_words' | 'routine_words', number | string | null>>`
    select sum(case when (code & ${kept}) <> 0 then 1 else 0 end) as kept, sum(case when (code & ${kept}) = 0 then 1 else 0 end) as routine,
      sum(case when (code & ${kept}) <> 0 then ${words} else 0 end) as kept_words, sum(case when (code & ${kept}) = 0 then ${words} else 0 end) as routine_words
    from results`.execute(store.db);
  const n = { kept: Number(rows[0]?.kept ?? 0), routine: Number(rows[0]?.routine ?? 0) };
  const w = { kept: Number(rows[0]?.kept_words ?? 0), routine: Number(rows[0]?.routine_words ?? 0) };
  const base = Math.max(0, (results.bytes - w.kept - w.routine) / results.rows);
  return {
    routineBytesPerRow: n.routine > 0 ? base + w.routine / n.routine : base,
    keptBytesPerRow: n.kept > 0 ? base + w.kept / n.kept : undefined,
  };
}

async function sqliteSizes(store: Store): Promise<TableSize[]> {
  // dbstat counts every page of every b-tree; indexes are charged to their table.
  const { rows } = await sql<{ tbl: string; bytes: number }>`
    select m.tbl_name as tbl, sum(s.pgsize) as bytes
    from dbstat s join sqlite_master m on m.name = s.name
    where m.type in ('table', 'index') group by m.tbl_name`.execute(store.db);
  return withCounts(
    store,
    rows.map((r) => ({ table: r.tbl, bytes: Number(r.bytes) })),
  );
}

async function postgresSizes(store: Store): Promise<TableSize[]> {
  const { rows } = await sql<{ tbl: string; bytes: string }>`
    select c.relname as tbl, pg_total_relation_size(c.oid) as bytes
    from pg_class c where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace`.execute(store.db);
  return withCounts(
    store,
    rows.map((r) => ({ table: r.tbl, bytes: Number(r.bytes) })),
  );
}

async function withCounts(store: Store, sizes: { table: string; bytes: number }[]): Promise<TableSize[]> {
  const counted: TableSize[] = [];
  for (const size of sizes) {
    if (size.table.startsWith('sqlite_') || size.table.startsWith('kysely_')) continue;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(size.table)}`.execute(store.db);
    counted.push({ ...size, rows: Number(rows[0]?.n ?? 0) });
  }
  return counted.sort((a, b) => b.bytes - a.bytes);
}
