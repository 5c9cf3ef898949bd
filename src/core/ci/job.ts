/**
 * One finished CI job as tocsin keeps it, whatever system sent it. The intake classifies each job
 * once (src/checks/ci/payloads/), so the statistics never look at a vendor's words again.
 */

/**
 * - `success`, `failure`: the job's own verdict (a failing test is a failure).
 * - `infra`: the job did not get a fair run: it timed out, lost its runner, expired waiting for
 *   one, or was cancelled by the system rather than by a person.
 * - `cancelled`: a person cancelled it; `skipped`: it never ran. Neither counts in any rate.
 */
export type CiOutcome = 'success' | 'failure' | 'infra' | 'cancelled' | 'skipped';

export const CI_OUTCOMES = ['success', 'failure', 'infra', 'cancelled', 'skipped'] as const satisfies readonly CiOutcome[];

export type CiSource = 'github' | 'gitlab' | 'jenkins' | 'buildkite' | 'json';

/** A job runs on one runner; a pipeline (a workflow run, a GitLab pipeline, a Buildkite build) is the whole. */
export type CiLevel = 'job' | 'pipeline';

export interface CiJob {
  /** `<source>:<the system's own id>`: a redelivered webhook replaces the job rather than adding one. */
  id: string;
  source: CiSource;
  level: CiLevel;
  /** The repository, project or pipeline the job belongs to. */
  pipeline: string;
  job: string;
  /** The runner or agent that ran it, when the payload names one. */
  runner: string | null;
  /** Runner labels or tags (GitHub `runs-on` labels, GitLab runner tags, Buildkite agent tags). */
  labels: string[];
  outcome: CiOutcome;
  /** The system's own word for why it ended, e.g. `timed_out`, `runner_system_failure`; null when none. */
  reason: string | null;
  /** When it was queued, started and finished (epoch ms); queued and started are null when unknown. */
  queuedAt: number | null;
  startedAt: number | null;
  finishedAt: number;
  /** Where a person can see the job. */
  url: string | null;
}

/** Jobs that count in rates: those that ran, or should have, and were not stopped by a person. */
export function counts(job: Pick<CiJob, 'outcome'>): boolean {
  return job.outcome === 'success' || job.outcome === 'failure' || job.outcome === 'infra';
}

/** Failed for any reason: the job's own failure or the infrastructure's. */
export function failed(job: Pick<CiJob, 'outcome'>): boolean {
  return job.outcome === 'failure' || job.outcome === 'infra';
}
