/**
 * One runner per store: two engines on one database would both check everything and both page.
 * The lock is one the operating system or the database server holds for the life of the holder, so
 * it vanishes by itself when the holder dies (SIGKILL, crash, power loss) and the supervisor's next
 * engine takes it over at once; nothing has to be cleaned up by hand.
 *
 * SQLite: a write transaction held open on a side file `<db>.lock` (SQLite's POSIX lock on it). The
 * holder's pid and host are committed in that file first, so a refused start can name them.
 * PostgreSQL: a session advisory lock per schema, on a connection of its own; its application_name
 * names the holder. Read-only commands never hold it; `tocsin status` only probes it (below).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { TocsinError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Db } from './schema.js';
import { sqliteFileError } from './sqlite-file.js';
import { parseStoreUrl, redactUrl } from '../lib/store-url.js';

export interface Holder {
  pid: number;
  host: string;
}

export interface RunnerLock {
  release(): Promise<void>;
}

/** A dead holder's lock is gone when the kernel or the server has noticed: give it this long. */
const TAKEOVER_MS = 2_000;
const RETRY_MS = 200;

/**
 * `shared` (cluster mode, PostgreSQL only): any number of cluster instances hold the lock together,
 * while a single runner (which takes it alone) is refused beside them, and they beside it.
 */
export async function acquireRunnerLock(url: string, holder: Holder, logger: Logger, options: { shared?: boolean } = {}): Promise<RunnerLock> {
  const target = parseStoreUrl(url);
  if (options.shared && target.dialect !== 'postgres')
    throw new TocsinError(
      'config_invalid',
      'cluster.enabled needs a PostgreSQL database (database.url postgres://…): a SQLite file cannot be shared by several instances; nothing was changed.',
    );
  if (target.dialect === 'sqlite' && target.path === ':memory:') return { release: async () => undefined };
  const shared = options.shared === true;
  const attempt =
    target.dialect === 'sqlite'
      ? () => lockSqlite(target.path, holder)
      : () => lockPostgres(url, target.connectionString, target.schema, holder, logger, shared);
  const until = Date.now() + TAKEOVER_MS;
  for (;;) {
    const outcome = await attempt();
    if ('release' in outcome) return outcome;
    if (Date.now() >= until) throw alreadyRunning(outcome.where, outcome.holder);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

type Attempt = RunnerLock | { where: string; holder: string | undefined };

function alreadyRunning(where: string, holder: string | undefined): TocsinError {
  return new TocsinError(
    'conflict',
    `another tocsin is already running on ${where}${holder ? ` (${holder})` : ''}: two would check everything twice and page twice. ` +
      'Stop it first, or give this one a database of its own; nothing was changed.',
  );
}

/**
 * Whether a runner holds the store now: the one answer a heartbeat cannot give at once (an engine
 * SIGKILLed a second ago left a fresh heartbeat). PostgreSQL: read from pg_locks. SQLite: the lock is
 * tried without waiting and let go at once, writing nothing; a start that meets it in that instant
 * retries (TAKEOVER_MS). 'unknown' when it cannot tell (a lock file this user may not write).
 */
export async function probeRunnerLock(url: string, db: Db): Promise<'held' | 'free' | 'unknown'> {
  const target = parseStoreUrl(url);
  if (target.dialect === 'postgres') {
    const { rows } = await sql<{ held: boolean }>`select exists (select 1 from pg_locks where locktype = 'advisory' and granted
      and classid = ${LOCK_CLASS} and objid = ${schemaKey(target.schema ?? 'public')} and objsubid = 2) as held`.execute(db);
    return rows[0]?.held ? 'held' : 'free';
  }
  const file = lockFile(target.path);
  if (target.path === ':memory:' || !existsSync(file)) return 'free';
  let lock: SqliteDatabase.Database | undefined;
  try {
    lock = new SqliteDatabase(file, { timeout: 0, fileMustExist: true });
    lock.exec('begin immediate');
    lock.exec('rollback');
    return 'free';
  } catch (error) {
    return (error as { code?: unknown }).code === 'SQLITE_BUSY' ? 'held' : 'unknown';
  } finally {
    lock?.close();
  }
}

const lockFile = (path: string) => `${path}.lock`;

function lockSqlite(path: string, holder: Holder): Attempt {
  const file = lockFile(path);
  mkdirSync(dirname(file), { recursive: true });
  let db: SqliteDatabase.Database;
  try {
    // No busy wait: a held lock is an answer, not a delay.
    db = new SqliteDatabase(file, { timeout: 0 });
  } catch (error) {
    throw sqliteFileError(error, file);
  }
  try {
    db.exec('begin immediate');
    db.exec('create table if not exists holder (id integer primary key check (id = 1), pid integer not null, host text not null)');
    db.prepare('insert or replace into holder (id, pid, host) values (1, ?, ?)').run(holder.pid, holder.host);
    db.exec('commit');
    // Held from here until this process closes the file or dies.
    db.exec('begin immediate');
    return {
      release: async () => {
        db.close();
      },
    };
  } catch (error) {
    if (db.inTransaction) db.exec('rollback');
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') {
      db.close();
      // A damaged lock file holds nothing worth keeping: the message says it may be deleted.
      throw sqliteFileError(error, file);
    }
    const row = readHolder(db);
    db.close();
    return { where: path, holder: row && `pid ${row.pid} on ${row.host} holds ${file}` };
  }
}

function readHolder(db: SqliteDatabase.Database): Holder | undefined {
  try {
    return db.prepare('select pid, host from holder where id = 1').get() as Holder | undefined;
  } catch {
    // The holder is still writing its first row: the lock alone is the answer.
    return undefined;
  }
}

/** Two int4 keys: tocsin's, and one per schema, since test and staging schemas may share a database. */
const LOCK_CLASS = 0x746f63;

async function lockPostgres(
  url: string,
  connectionString: string,
  schema: string | undefined,
  holder: Holder,
  logger: Logger,
  shared: boolean,
): Promise<Attempt> {
  const key = schemaKey(schema ?? 'public');
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString, application_name: `tocsin pid ${holder.pid} on ${holder.host}`.slice(0, 63) });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  let held = false;
  // A lost connection loses the lock: say so loudly. Before it is held, the failing query says it.
  client.on('error', (error) => {
    if (held) logger.error(`lost the PostgreSQL connection that holds the one-runner lock (${error.message}); another tocsin could now start on this database`);
  });
  try {
    const { rows } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock${shared ? '_shared' : ''}($1, $2) as ok`, [LOCK_CLASS, key]);
    if (rows[0]?.ok) {
      held = true;
      return { release: () => client.end() };
    }
    const { rows: others } = await client.query<{ application_name: string; pid: number }>(
      `select a.application_name, a.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.classid = $1 and l.objid = $2 and l.objsubid = 2`,
      [LOCK_CLASS, key],
    );
    const other = others[0];
    return {
      where: `${redactUrl(url)}${schema ? '' : ' (schema public)'}`,
      holder: other && `${other.application_name || 'a client'} holds its lock, PostgreSQL backend ${other.pid}`,
    };
  } finally {
    if (!held) await client.end().catch(() => undefined);
  }
}

/** FNV-1a, folded to a positive int4. */
function schemaKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (const char of schema) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return (hash >>> 0) & 0x7fffffff;
}
