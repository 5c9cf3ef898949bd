import type { TargetPolicy } from '../core/targets/policy.js';
import type { CheckResult } from '../core/types.js';
import type { CiJobSource } from './ci/source.js';
import type { OwnDatabase } from './db/own-database.js';
import type { RdapDefaults } from './domain/schema.js';
import type { Phases } from './phases.js';

/** What the runner gives a check for one run. */
export interface CheckContext {
  /** Aborted when the deadline passes; the check must destroy its sockets / kill its processes. */
  signal: AbortSignal;
  /** The deadline in ms, for messages and for sub-timeouts (e.g. a resolver's own timeout). */
  timeoutMs: number;
  /** Report phase changes here so timings and timeout messages name the phase. */
  phases: Phases;
  /** server.probe_targets: where the check may connect. Absent: anywhere. */
  targets?: TargetPolicy | undefined;
  /** tocsin's own store, which SQL probes refuse to query; undefined when it is SQLite. */
  ownDatabase?: OwnDatabase;
  /** server.rdap: where domain checks find RDAP servers. Absent: IANA's bootstrap file. */
  rdap?: RdapDefaults | undefined;
  /** The jobs tocsin's CI intake stored, which ci monitors judge; absent outside a running tocsin. */
  ciJobs?: CiJobSource | undefined;
}

/**
 * One check type. `settings` is the monitor's validated config for this type.
 * A check observes and judges; it knows nothing about scheduling, storage or alerts.
 * It should resolve (not reject) with a `down` result for expected failures;
 * a rejection is reported by the runner as `down` with the error's message.
 */
export interface Check<Settings> {
  readonly type: string;
  run(settings: Settings, ctx: CheckContext): Promise<CheckResult>;
}
