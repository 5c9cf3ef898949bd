import { sqlCheck } from '../db/sql-check.js';
import { observePostgres } from './observe.js';
import type { PostgresSettings } from './schema.js';

/** PostgreSQL: connect afresh, log in, run `query`, judge the first value (and replay lag). */
export const postgresCheck = sqlCheck<PostgresSettings>('postgres', 5432, observePostgres);
