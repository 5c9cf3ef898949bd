import { createConnection as openSocket } from 'node:net';
import type { createConnection } from 'mysql2';
import type { CheckContext } from '../types.js';
import { onAbort, unlessAborted, type Endpoint } from '../db/probe.js';
import type { SqlObservation } from '../db/sql-judge.js';
import { redactSecrets, type DbUrl } from '../db/url.js';
import { describeMysqlError } from './errors.js';
import { readMysqlReplication } from './replication.js';
import type { MysqlSettings } from './schema.js';
import { openReadOnly, rowsOf } from './session.js';
import { mysqlTls } from './tls.js';

/**
 * One fresh connection, one query, then COM_QUIT. The probe opens the TCP
 * socket itself (to the resolved IP) and hands it to mysql2, so mysql2 never
 * resolves a name, yet still sees the configured host name for TLS. The query
 * runs in a read-only session that is never committed (./session.ts).
 */
export async function observeMysql(settings: MysqlSettings, url: DbUrl, endpoint: Endpoint, ctx: CheckContext): Promise<SqlObservation> {
  if (ctx.signal.aborted) throw ctx.signal.reason;
  // Loaded with the first mysql check: an install without one does not carry mysql2 (issue 14).
  const mysql2 = await import('mysql2');
  const ssl = mysqlTls(url.params.get('ssl-mode') ?? url.params.get('ssl_mode'));
  ctx.phases.enter('connect', endpoint.label);
  const socket = openSocket({ host: endpoint.ip, port: endpoint.port, noDelay: true });
  // The server speaks first, so the handshake (and TLS, if any) is the auth phase.
  socket.once('connect', () => ctx.phases.enter('auth', endpoint.label));
  const user = url.user ?? 'root';
  const connection = mysql2.createConnection({
    stream: socket,
    host: endpoint.host,
    port: endpoint.port,
    user,
    password: url.password,
    database: url.database,
    ssl,
    // A backstop only: the runner's deadline normally aborts well before.
    connectTimeout: ctx.timeoutMs + 1000,
  });
  const stopWatching = onAbort(ctx.signal, () => {
    connection.destroy();
    socket.destroy();
  });
  const seen: SqlObservation = { target: endpoint.label, query: settings.query, elapsedMs: 0, hasRow: false };
  try {
    await unlessAborted(handshake(connection), ctx.signal);
    ctx.phases.enter('query', endpoint.label);
    const session = { label: endpoint.label, user, remainingMs: ctx.timeoutMs - ctx.phases.elapsed() };
    seen.refusal = await unlessAborted(openReadOnly(connection, session), ctx.signal);
    if (seen.refusal === undefined) {
      const rows = await unlessAborted(rowsOf(connection, settings.query), ctx.signal);
      if (rows[0]) Object.assign(seen, { hasRow: true, value: rows[0][0] });
      if (settings.max_replication_lag !== undefined) seen.replication = await unlessAborted(readMysqlReplication(connection), ctx.signal);
    }
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const described = describeMysqlError(error, { label: endpoint.label, user, database: url.database, phase: ctx.phases.current });
    seen.failure = redactSecrets(described, [url.password]);
  } finally {
    stopWatching();
    connection.end(() => socket.destroy());
  }
  seen.elapsedMs = ctx.phases.elapsed();
  ctx.phases.close();
  return seen;
}

type Connection = ReturnType<typeof createConnection>;

function handshake(connection: Connection): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    connection.once('connect', () => resolve());
    connection.once('error', reject);
  }).finally(() => {
    // Later fatal errors surface through the pending query; this keeps them from crashing the process.
    connection.on('error', () => {});
  });
}
