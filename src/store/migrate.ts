/** Applies pending migrations with Kysely's Migrator. A failed migration throws: a half-migrated store must stop the start. */
import { Migrator, PostgresAdapter, sql, type Migration, type MigrationResult } from 'kysely';
import type { Db } from './schema.js';
import { migrations } from './migrations/index.js';

/**
 * Applies every pending migration in order and returns the names it applied (empty when up to date).
 * `list` is for tests that need a migration to fail; the default is tocsin's own.
 */
export async function migrate(db: Db, list: Record<string, Migration> = migrations): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => list },
    ...(await migrationSchema(db)),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error === undefined) return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (attempt >= START_ATTEMPTS || !isIntrospectionRace(error, results)) throw migrationError(error, results);
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

const START_ATTEMPTS = 5;

/**
 * Before it takes its lock, Kysely's Migrator looks for its tables by listing every table of every
 * schema of the database: one catalog scan on its snapshot, then per column has_schema_privilege and
 * pg_get_serial_sequence, which look the schema, table and column up again by name in the newest
 * catalog. DDL that another schema's migration commits in between fails that lookup: a schema dropped
 * (3F000), a table dropped or renamed (42P01), a column dropped or renamed (42703). It is a race with
 * somebody else's DDL, not a fault of ours: try again, a bounded number of times.
 */
function isIntrospectionRace(error: unknown, results: MigrationResult[]): boolean {
  const started = results.some((r) => r.status !== 'NotExecuted');
  const code = (error as { code?: unknown } | null)?.code;
  return !started && typeof code === 'string' && RACE_CODES.has(code);
}

const RACE_CODES: ReadonlySet<string> = new Set(['3F000', '42P01', '42703']);

/**
 * On PostgreSQL, Kysely looks for its bookkeeping tables in every schema unless told which one; a
 * kysely_migration table in another schema would make it skip creating ours. Name the current one.
 */
async function migrationSchema(db: Db): Promise<{ migrationTableSchema?: string }> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return {};
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) {
    const { rows: path } = await sql<{ path: string }>`select current_setting('search_path') as path`.execute(db);
    throw new Error(`Cannot migrate: no schema of the search_path (${path[0]?.path ?? '?'}) exists; create it first`);
  }
  return { migrationTableSchema: schema };
}

function migrationError(error: unknown, results: MigrationResult[]): Error {
  const failed = results.find((r) => r.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  const where = failed ? `migration "${failed}" failed` : 'migrations could not start';
  return new Error(`${where}: ${reason}`, { cause: error });
}
