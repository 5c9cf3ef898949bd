/** Kysely table types. Timestamps are epoch milliseconds; JSON is stored as text so both dialects read it alike. */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { ConfirmedStatus, Status } from '../core/types.js';

export type MonitorSource = 'config' | 'api';
export type RollupPeriod = 'hour' | 'day';

export interface MonitorsTable {
  id: string;
  type: string;
  name: string;
  source: MonitorSource;
  /** JSON of the resolved monitor config. */
  definition: string;
  /** Which shape `definition` has (store/monitor-codec.ts); rows from before the column are 1. */
  definition_version: Generated<number>;
  created_at: number;
  updated_at: number;
  /** Soft delete: a sync that saw a partial list must be undoable. */
  deleted_at: number | null;
}

export interface ResultsTable {
  monitor_id: string;
  at: number;
  status: Status;
  latency_ms: number;
  message: string;
  /** JSON of Timings. */
  timings: string;
  /** JSON of Record<string, number>, or null. */
  metrics: string | null;
  /** 1 when the scheduler could not start the run; 0 otherwise. */
  missed: ColumnType<number, number | undefined, number>;
  /** 1 when the result does not count towards uptime: the monitor was pending or in maintenance. */
  excluded: ColumnType<number, number | undefined, number>;
}

export interface MonitorStateTable {
  monitor_id: string;
  status: ConfirmedStatus;
  since: number;
  last_at: number;
  last_status: Status;
  last_message: string;
  last_latency_ms: number;
  updated_at: number;
  /** JSON of Confirming (core/alert/confirm.ts): the change the latest results point to, or null. */
  confirming: string | null;
}

export interface RollupsTable {
  monitor_id: string;
  period: RollupPeriod;
  /** Start of the UTC hour or day, ms. */
  bucket: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: ColumnType<number, number | undefined, number>;
  /** Results of the bucket that do not count towards uptime (pending, maintenance), whatever their status. */
  excluded: ColumnType<number, number | undefined, number>;
  /** Null when every run in the bucket was missed, so no latency was measured. */
  latency_p50: number | null;
  latency_p95: number | null;
  latency_max: number | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  monitors: MonitorsTable;
  results: ResultsTable;
  monitor_state: MonitorStateTable;
  rollups: RollupsTable;
  meta: MetaTable;
}

/** A database handle or a transaction: repositories accept either. */
export type Db = Kysely<Database>;
