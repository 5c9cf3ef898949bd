/**
 * GitLab webhooks: job events (`object_kind: build`, header "Job Hook") and pipeline events
 * (`object_kind: pipeline`, "Pipeline Hook"), as GitLab's webhook events reference documents them.
 * GitLab names why a job failed (`build_failure_reason`), which separates the runners' failures from
 * the tests'.
 */
import { z } from 'zod';
import type { CiJob, CiOutcome } from '../../../core/ci/job.js';
import { externalId, ignored, labelList, name, text, time, type Delivery } from './fields.js';

/** Failure reasons that are the infrastructure's, not the job's: a lost or broken runner, a timeout, no runner at all. */
export const GITLAB_INFRA_REASONS = new Set([
  'runner_system_failure',
  'stuck_or_timeout_failure',
  'job_execution_timeout',
  'scheduler_failure',
  'api_failure',
  'data_integrity_failure',
  'runner_unsupported',
  'no_matching_runner',
  'stale_schedule',
]);

const runner = z.object({ id: z.number().int().optional(), description: text(200).nullish(), tags: labelList().optional() }).nullish();

export const gitlabJobBody = z.object({
  object_kind: z.literal('build'),
  build_id: externalId(),
  build_name: name(),
  build_stage: text(200).nullish(),
  build_status: text(50),
  build_created_at: time().nullish(),
  build_started_at: time().nullish(),
  build_finished_at: time().nullish(),
  build_failure_reason: text(100).nullish(),
  project_name: name(),
  project: z.object({ path_with_namespace: name().optional(), web_url: text(2000).optional() }).optional(),
  runner,
});

export const gitlabPipelineBody = z.object({
  object_kind: z.literal('pipeline'),
  object_attributes: z.object({
    id: externalId(),
    status: text(50),
    created_at: time().nullish(),
    finished_at: time().nullish(),
    queued_duration: z.number().nullish(),
    duration: z.number().nullish(),
    url: text(2000).nullish(),
  }),
  project: z.object({ path_with_namespace: name() }),
  builds: z
    .array(z.object({ status: text(50), failure_reason: text(100).nullish() }))
    .max(10_000)
    .default([]),
});

function outcomeOf(status: string, failureReason: string | null | undefined): { outcome: CiOutcome; reason: string | null } | undefined {
  switch (status) {
    case 'success':
      return { outcome: 'success', reason: null };
    case 'failed': {
      const reason = failureReason ?? null;
      return { outcome: reason !== null && GITLAB_INFRA_REASONS.has(reason) ? 'infra' : 'failure', reason };
    }
    case 'canceled':
      return { outcome: 'cancelled', reason: null };
    case 'skipped':
      return { outcome: 'skipped', reason: null };
    default:
      // created, pending, running, manual, scheduled, waiting_for_resource, preparing: not finished.
      return undefined;
  }
}

export function fromGitlabJob(body: z.output<typeof gitlabJobBody>, receivedAt: number): Delivery {
  const verdict = outcomeOf(body.build_status, body.build_failure_reason);
  if (!verdict) return ignored(`job ${body.build_status}: only finished jobs are kept`);
  const job: CiJob = {
    id: `gitlab:job:${body.build_id}`,
    source: 'gitlab',
    level: 'job',
    pipeline: body.project?.path_with_namespace ?? body.project_name,
    job: body.build_name,
    runner: body.runner?.description ?? (body.runner?.id !== undefined ? `runner ${body.runner.id}` : null),
    labels: body.runner?.tags ?? [],
    ...verdict,
    queuedAt: body.build_created_at ?? null,
    startedAt: body.build_started_at ?? null,
    finishedAt: body.build_finished_at ?? receivedAt,
    url: body.project?.web_url ? `${body.project.web_url}/-/jobs/${body.build_id}` : null,
  };
  return { kind: 'job', job };
}

export function fromGitlabPipeline(body: z.output<typeof gitlabPipelineBody>, receivedAt: number): Delivery {
  const p = body.object_attributes;
  // A pipeline failed by the infrastructure when one of its failed jobs did.
  const infraReason = body.builds.find((b) => b.status === 'failed' && b.failure_reason && GITLAB_INFRA_REASONS.has(b.failure_reason))?.failure_reason;
  const verdict = outcomeOf(p.status, infraReason);
  if (!verdict) return ignored(`pipeline ${p.status}: only finished pipelines are kept`);
  const finishedAt = p.finished_at ?? receivedAt;
  const startedAt = p.duration != null ? finishedAt - Math.round(p.duration * 1000) : null;
  const job: CiJob = {
    id: `gitlab:pipeline:${p.id}`,
    source: 'gitlab',
    level: 'pipeline',
    pipeline: body.project.path_with_namespace,
    job: 'pipeline',
    runner: null,
    labels: [],
    ...verdict,
    queuedAt: p.created_at ?? null,
    startedAt,
    finishedAt,
    url: p.url ?? null,
  };
  return { kind: 'job', job };
}
