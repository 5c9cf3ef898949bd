/**
 * The session a MySQL or MariaDB probe's query runs in. `START TRANSACTION READ ONLY` alone is not
 * enough: DDL commits implicitly and then runs outside it (a `CREATE TABLE` went through), so the
 * session itself is read-only too. Neither stops LOAD_FILE(), SELECT … INTO OUTFILE, SET GLOBAL,
 * KILL or SHUTDOWN: an account holding the global privileges behind them is refused before the
 * query runs. mysql2 sends one statement per query (multipleStatements stays off).
 */
import type { createConnection } from 'mysql2';
import { errorParts } from '../db/net-errors.js';

type Connection = ReturnType<typeof createConnection>;

/** Global privileges that act beyond reading: server files, settings, other sessions, accounts, shutdown. */
const BEYOND_READING = /^(ALL( PRIVILEGES)?|FILE|SUPER|SHUTDOWN|RELOAD|CREATE USER|SET USER|BINLOG REPLAY|.*[ _]ADMIN)$/i;

/**
 * Makes the session and its transaction read-only and bounds each statement by the time left;
 * answers why the probe's query must not run, or undefined when it may. Never committed.
 */
export async function openReadOnly(connection: Connection, at: { label: string; user: string; remainingMs: number }): Promise<string | undefined> {
  await rowsOf(connection, 'SET SESSION TRANSACTION READ ONLY');
  await boundStatements(connection, Math.max(1, Math.floor(at.remainingMs)));
  await rowsOf(connection, 'START TRANSACTION READ ONLY');
  const grants = (await rowsOf(connection, 'SHOW GRANTS')).map((row) => String(row[0]));
  return privilegeRefusal(at.user, at.label, beyondReading(grants));
}

/** MariaDB's max_statement_time (seconds), else MySQL's max_execution_time (ms, SELECT only). */
async function boundStatements(connection: Connection, ms: number): Promise<void> {
  try {
    await rowsOf(connection, `SET SESSION max_statement_time = ${ms / 1000}`);
  } catch (error) {
    if (errorParts(error).code !== 'ER_UNKNOWN_SYSTEM_VARIABLE') throw error;
    await rowsOf(connection, `SET SESSION max_execution_time = ${ms}`);
  }
}

/** The global privileges among `grants` (SHOW GRANTS lines) that reach beyond reading. */
export function beyondReading(grants: readonly string[]): string[] {
  const global = grants.flatMap((line) => /^GRANT (.+?) ON \*\.\* TO /i.exec(line)?.[1]?.split(/,\s*/) ?? []);
  return [...new Set(global.map((privilege) => privilege.trim().toUpperCase()).filter((privilege) => BEYOND_READING.test(privilege)))];
}

export function privilegeRefusal(user: string, label: string, privileges: readonly string[]): string | undefined {
  if (privileges.length === 0) return undefined;
  const held = privileges.length > 3 ? `${privileges.slice(0, 3).join(', ')} and ${privileges.length - 3} more` : privileges.join(', ');
  return `refused: user "${user}" on ${label} holds ${held} on *.*; a probe only reads, so connect as an account with SELECT (and REPLICATION CLIENT or SLAVE MONITOR for lag) only`;
}

/** The rows of one statement as arrays; statements without a result set (SET, DO) answer none. */
export function rowsOf(connection: Connection, sql: string): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    connection.query({ sql, rowsAsArray: true }, (error, rows) => {
      if (error) reject(error);
      else resolve(Array.isArray(rows) ? (rows as unknown[][]) : []);
    });
  });
}
