/**
 * GitHub Actions webhooks: `workflow_job` (one job on one runner) and `workflow_run` (the whole run),
 * as GitHub's webhook reference documents them. Only `completed` actions are kept.
 *
 * GitHub does not say why a job ended beyond its conclusion, so the infrastructure's failures are
 * read from what it does say: `timed_out`; a failure with no runner assigned (the runner was lost
 * or never came); a run's `startup_failure`.
 */
import { z } from 'zod';
import type { CiJob, CiOutcome } from '../../../core/ci/job.js';
import { ignored, labelList, name, text, time, type Delivery } from './fields.js';

const repository = z.object({ full_name: name() });

export const workflowJobBody = z.object({
  action: text(50),
  repository,
  workflow_job: z.object({
    id: z.number().int(),
    run_id: z.number().int(),
    run_attempt: z.number().int().optional(),
    name: name(),
    workflow_name: text().nullish(),
    status: text(50),
    conclusion: text(50).nullable(),
    created_at: time().nullish(),
    started_at: time().nullish(),
    completed_at: time().nullish(),
    labels: labelList(),
    runner_name: text(200).nullish(),
    runner_group_name: text(200).nullish(),
    html_url: text(2000).nullish(),
  }),
});

export const workflowRunBody = z.object({
  action: text(50),
  repository,
  workflow_run: z.object({
    id: z.number().int(),
    run_attempt: z.number().int().optional(),
    name: text().nullish(),
    status: text(50).nullish(),
    conclusion: text(50).nullable(),
    created_at: time(),
    run_started_at: time().nullish(),
    updated_at: time(),
    html_url: text(2000).nullish(),
  }),
});

function outcomeOf(conclusion: string | null, hadRunner: boolean): { outcome: CiOutcome; reason: string | null } {
  switch (conclusion) {
    case 'success':
      return { outcome: 'success', reason: null };
    case 'failure':
      return hadRunner ? { outcome: 'failure', reason: null } : { outcome: 'infra', reason: 'no_runner' };
    case 'timed_out':
    case 'startup_failure':
      return { outcome: 'infra', reason: conclusion };
    case 'cancelled':
      return { outcome: 'cancelled', reason: null };
    default:
      // skipped, neutral, action_required, stale: nothing ran that says anything about the runners.
      return { outcome: 'skipped', reason: conclusion };
  }
}

export function fromWorkflowJob(body: z.output<typeof workflowJobBody>, receivedAt: number): Delivery {
  const j = body.workflow_job;
  if (body.action !== 'completed' || j.status !== 'completed') return ignored(`workflow_job ${body.action}: only completed jobs are kept`);
  const runner = j.runner_name || null;
  const job: CiJob = {
    id: `github:job:${j.id}`,
    source: 'github',
    level: 'job',
    pipeline: body.repository.full_name,
    job: j.workflow_name ? `${j.workflow_name} / ${j.name}` : j.name,
    runner,
    labels: j.labels,
    ...outcomeOf(j.conclusion, runner !== null),
    queuedAt: j.created_at ?? null,
    startedAt: j.started_at ?? null,
    finishedAt: j.completed_at ?? receivedAt,
    url: j.html_url ?? null,
  };
  return { kind: 'job', job };
}

export function fromWorkflowRun(body: z.output<typeof workflowRunBody>): Delivery {
  const r = body.workflow_run;
  if (body.action !== 'completed') return ignored(`workflow_run ${body.action}: only completed runs are kept`);
  const { outcome, reason } = outcomeOf(r.conclusion, true);
  const job: CiJob = {
    id: `github:run:${r.id}:${r.run_attempt ?? 1}`,
    source: 'github',
    level: 'pipeline',
    pipeline: body.repository.full_name,
    job: r.name ?? 'workflow',
    runner: null,
    labels: [],
    outcome,
    reason,
    queuedAt: r.created_at,
    startedAt: r.run_started_at ?? null,
    finishedAt: r.updated_at,
    url: r.html_url ?? null,
  };
  return { kind: 'job', job };
}
