/**
 * Status pages join the API's resources: api_resources' kind check gains 'status_page'. SQLite cannot
 * alter a CHECK constraint, so the table is rebuilt the same way on both dialects: copied aside, dropped,
 * created with the wider check under the same names, and filled back. The table is small (a few hundred
 * rows at most), so the two copies cost nothing.
 */
import { sql, type Kysely } from 'kysely';

const WIDE = ['channel', 'escalation', 'maintenance', 'status_page'];
const NARROW = ['channel', 'escalation', 'maintenance'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, WIDE);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from ${sql.table('api_resources')} where ${sql.ref('kind')} = 'status_page'`.execute(db);
  await rebuild(db, NARROW);
}

async function rebuild(db: Kysely<unknown>, kinds: readonly string[]): Promise<void> {
  await create(db, 'api_resources_copy', undefined);
  await copy(db, 'api_resources', 'api_resources_copy');
  await db.schema.dropTable('api_resources').execute();
  await create(db, 'api_resources', kinds);
  await copy(db, 'api_resources_copy', 'api_resources');
  await db.schema.dropTable('api_resources_copy').execute();
}

/** The columns of 0007; with `kinds`, its check and primary key too (the copy needs neither). */
async function create(db: Kysely<unknown>, name: string, kinds: readonly string[] | undefined): Promise<void> {
  const listed = sql.join(kinds?.map((kind) => sql.lit(kind)) ?? []);
  let table = db.schema
    .createTable(name)
    .addColumn('kind', 'text', (c) => (kinds ? c.notNull().check(sql`${sql.ref('kind')} in (${listed})`) : c.notNull()))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint');
  if (kinds) table = table.addPrimaryKeyConstraint('api_resources_pk', ['kind', 'id']);
  await table.execute();
}

async function copy(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  const columns = sql.join(['kind', 'id', 'definition', 'created_at', 'updated_at', 'deleted_at'].map((c) => sql.ref(c)));
  await sql`insert into ${sql.table(to)} (${columns}) select ${columns} from ${sql.table(from)}`.execute(db);
}
