/** Kysely table types. Timestamps are epoch milliseconds; JSON is stored as text so both dialects read it alike. */
import type { Generated, Kysely } from 'kysely';
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

/** The compact result row: see result-codec.ts for what each column holds and when detail is written. */
export interface ResultsTable {
  monitor_key: number;
  at: number;
  /** Status (bits 0–1), missed (4), excluded (8), changed (16). */
  code: number;
  latency_us: number;
  /** JSON {m, t, x} of message, timings and metrics, or null when the row kept no words of its own. */
  detail: string | null;
  /** Where the check ran: 0 local, else a key of location_keys (store/agents.ts). Defaults to 0. */
  location_key?: number;
}

/** Small integer keys for monitor ids, so the big tables do not repeat the text id on every row. Made in code. */
export interface MonitorKeysTable {
  monitor_key: number;
  monitor_id: string;
}

/** Minute (a monitor-hour to a row) and hourly (a monitor-day to a row) rollups, migration 0039: rollup-pack.ts holds the layout of `packed`. */
export interface PackedRollupsTable {
  /** Start of the UTC hour (minutes) or day (hours), ms. */
  bucket: number;
  monitor_key: number;
  /** Buckets present in `packed`, so sizes per bucket need no decoding. */
  slots: number;
  packed: Uint8Array;
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

/** Daily aggregates (hourly ones until migration 0039 packed them into hourly_rollups), keyed like results; latencies in µs. */
export interface RollupsTable {
  monitor_key: number;
  period: RollupPeriod;
  /** Start of the UTC hour or day, ms. */
  bucket: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  /** Results of the bucket that do not count towards uptime (pending, maintenance), whatever their status. */
  excluded: number;
  /** Null when every run in the bucket was missed, so no latency was measured. */
  latency_p50_us: number | null;
  latency_p95_us: number | null;
  latency_max_us: number | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  monitors: MonitorsTable;
  results: ResultsTable;
  monitor_keys: MonitorKeysTable;
  minute_rollups: PackedRollupsTable;
  monitor_state: MonitorStateTable;
  rollups: RollupsTable;
  hourly_rollups: PackedRollupsTable;
  meta: MetaTable;
}

/** A database handle or a transaction: repositories accept either. */
export type Db = Kysely<Database>;
