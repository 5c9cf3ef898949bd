import type { createConnection } from 'mysql2';
import { errorParts } from '../db/net-errors.js';
import type { Replication } from '../db/sql-judge.js';

type Row = Record<string, unknown>;
type Connection = ReturnType<typeof createConnection>;

/**
 * `SHOW REPLICA STATUS` (MariaDB 10.5+, MySQL 8.0.22+), falling back to
 * `SHOW SLAVE STATUS` for older servers that cannot parse the new spelling.
 */
export async function readMysqlReplication(connection: Connection): Promise<Replication> {
  try {
    return mysqlReplication(await statusRows(connection, 'SHOW REPLICA STATUS'));
  } catch (error) {
    if (errorParts(error).code !== 'ER_PARSE_ERROR') return { role: 'unreadable', error: errorParts(error).message };
  }
  try {
    return mysqlReplication(await statusRows(connection, 'SHOW SLAVE STATUS'));
  } catch (error) {
    return { role: 'unreadable', error: errorParts(error).message };
  }
}

function statusRows(connection: Connection, sql: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    connection.query(sql, (error, rows) => (error ? reject(error) : resolve(Array.isArray(rows) ? (rows as Row[]) : [])));
  });
}

/** No status row means no replication configured; a NULL lag means replication is not running. */
export function mysqlReplication(rows: readonly Row[]): Replication {
  const row = rows[0];
  if (!row) return { role: 'primary' };
  const lag = row.Seconds_Behind_Master ?? row.Seconds_Behind_Source;
  if (lag !== null && lag !== undefined) return { role: 'replica', lagSeconds: Number(lag) };
  const io = row.Slave_IO_Running ?? row.Replica_IO_Running ?? '?';
  const sql = row.Slave_SQL_Running ?? row.Replica_SQL_Running ?? '?';
  const lastError = [row.Last_IO_Error, row.Last_SQL_Error].find((text) => typeof text === 'string' && text !== '');
  const why = `replication is not running (IO thread ${String(io)}, SQL thread ${String(sql)})${lastError ? `: ${String(lastError)}` : ''}`;
  return { role: 'replica', lagSeconds: null, why };
}
