/**
 * What the store occupies, table by table (indexes included), and how fast results arrive: the
 * facts `tocsin storage` turns into costs. Read-only; dialect-specific catalogue queries by need.
 */
import { sql } from 'kysely';
import type { Store } from './open.js';

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
  /** Monitors with a result over the last 24 h: each adds 24 hourly and 1 daily rollup a day. */
  monitorsReporting: number;
}

const DAY_MS = 86_400_000;

export async function storeFacts(store: Store, now: number): Promise<StoreFacts> {
  const tables = store.dialect === 'sqlite' ? await sqliteSizes(store) : await postgresSizes(store);
  const recent = await store.db
    .selectFrom('results')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.count<number | string>('monitor_id').distinct().as('monitors')])
    .where('at', '>=', now - DAY_MS)
    .where('at', '<', now)
    .executeTakeFirstOrThrow();
  return { tables, resultsPerDay: Number(recent.n), monitorsReporting: Number(recent.monitors) };
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
