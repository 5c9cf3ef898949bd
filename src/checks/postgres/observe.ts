import type pg from 'pg';
import type { CheckContext } from '../types.js';
import { describePgError } from './errors.js';
import { onAbort, unlessAborted, type Endpoint } from '../db/probe.js';
import { readPgReplication } from './replication.js';
import type { PostgresSettings } from './schema.js';
import { openReadOnly } from './session.js';
import type { SqlObservation } from '../db/sql-judge.js';
import { pgTls } from './tls.js';
import { redactSecrets, type DbUrl } from '../db/url.js';

/**
 * One fresh connection, one query, then a polite close. No pool: a pool would
 * hide exactly the failure the Jenkins mirror database had, where existing
 * connections lived on while new ones could no longer be made. The query runs
 * alone (the extended protocol refuses `COMMIT; UPDATE …`) in a read-only
 * transaction that is never committed (src/checks/postgres/session.ts).
 */
export async function observePostgres(settings: PostgresSettings, url: DbUrl, endpoint: Endpoint, ctx: CheckContext): Promise<SqlObservation> {
  if (ctx.signal.aborted) throw ctx.signal.reason;
  const ssl = pgTls(url.params.get('sslmode'), endpoint.host);
  // Loaded on first use, as the store does (store/open.ts).
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({
    host: endpoint.ip,
    port: endpoint.port,
    user: url.user,
    password: url.password,
    database: url.database,
    ssl,
    application_name: url.params.get('application_name') ?? 'tocsin',
  });
  const socket = client.connection.stream;
  const stopWatching = onAbort(ctx.signal, () => socket.destroy());
  // Failures reach us through the pending connect/query promise; without a
  // listener a late socket error would crash the process.
  client.on('error', () => {});
  socket.once('connect', () => ctx.phases.enter(ssl ? 'tls' : 'auth', endpoint.label));
  client.connection.once('sslconnect', () => ctx.phases.enter('auth', endpoint.label));
  const seen: SqlObservation = { target: endpoint.label, query: settings.query, elapsedMs: 0, hasRow: false };
  try {
    ctx.phases.enter('connect', endpoint.label);
    await unlessAborted(client.connect(), ctx.signal);
    ctx.phases.enter('query', endpoint.label);
    const session = { label: endpoint.label, user: client.user ?? '', remainingMs: ctx.timeoutMs - ctx.phases.elapsed(), own: ctx.ownDatabase };
    seen.refusal = await unlessAborted(openReadOnly(client, session), ctx.signal);
    if (seen.refusal === undefined) {
      const result = await unlessAborted(client.query<unknown[]>(alone(settings.query)), ctx.signal);
      const row = result.rows[0];
      if (row) Object.assign(seen, { hasRow: true, value: row[0] });
      if (settings.max_replication_lag !== undefined) seen.replication = await unlessAborted(readPgReplication(client), ctx.signal);
    }
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const described = describePgError(error, { label: endpoint.label, user: client.user ?? '', phase: ctx.phases.current });
    seen.failure = redactSecrets(described, [url.password]);
  } finally {
    stopWatching();
    client.end().catch(() => {});
  }
  seen.elapsedMs = ctx.phases.elapsed();
  ctx.phases.close();
  return seen;
}

/** The extended protocol runs exactly one statement; node-postgres types do not list queryMode yet. */
function alone(text: string): pg.QueryArrayConfig {
  return { text, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig;
}
