/**
 * Buildkite webhooks: `job.finished` (one job on one agent) and `build.finished` (the whole build),
 * with the job and build objects of Buildkite's REST API. An agent's tags (`meta_data`, such as
 * `queue=aws-us-east-2`) are its labels. Buildkite says when the infrastructure ended a job: the
 * `timed_out` and `expired` states, exit status -1 (the agent was lost) and signal reasons such as
 * `agent_stop`.
 */
import { z } from 'zod';
import type { CiJob, CiOutcome } from '../../../core/ci/job.js';
import { externalId, ignored, labelList, name, text, time, type Delivery } from './fields.js';

const INFRA_SIGNALS = new Set(['agent_stop', 'agent_refused', 'agent_incompatible', 'process_run_error']);

const pipeline = z.object({ slug: name(), name: text().optional() });

export const buildkiteJobBody = z.object({
  event: z.literal('job.finished'),
  pipeline,
  job: z.object({
    id: externalId(),
    type: text(50).optional(),
    name: text().nullish(),
    label: text().nullish(),
    step_key: text(200).nullish(),
    state: text(50),
    passed: z.boolean().optional(),
    exit_status: z.number().int().nullish(),
    signal_reason: text(100).nullish(),
    agent: z.object({ name: text(200).nullish(), meta_data: labelList().optional() }).nullish(),
    agent_query_rules: labelList().optional(),
    created_at: time().nullish(),
    scheduled_at: time().nullish(),
    runnable_at: time().nullish(),
    started_at: time().nullish(),
    finished_at: time().nullish(),
    web_url: text(2000).nullish(),
  }),
});

export const buildkiteBuildBody = z.object({
  event: z.literal('build.finished'),
  pipeline,
  build: z.object({
    id: externalId(),
    number: z.number().int().optional(),
    state: text(50),
    created_at: time().nullish(),
    started_at: time().nullish(),
    finished_at: time().nullish(),
    web_url: text(2000).nullish(),
  }),
});

function outcomeOf(
  state: string,
  passed: boolean | undefined,
  exitStatus: number | null | undefined,
  signal: string | null | undefined,
): { outcome: CiOutcome; reason: string | null } {
  if (state === 'timed_out' || state === 'expired') return { outcome: 'infra', reason: state };
  if (exitStatus === -1) return { outcome: 'infra', reason: 'agent_lost' };
  if (signal && INFRA_SIGNALS.has(signal)) return { outcome: 'infra', reason: signal };
  if (state === 'passed' || (state === 'finished' && passed === true)) return { outcome: 'success', reason: null };
  if (state === 'failed' || (state === 'finished' && passed === false)) return { outcome: 'failure', reason: exitStatus != null ? `exit ${exitStatus}` : null };
  if (state === 'canceled' || state === 'canceling') return { outcome: 'cancelled', reason: null };
  return { outcome: 'skipped', reason: state };
}

export function fromBuildkiteJob(body: z.output<typeof buildkiteJobBody>, receivedAt: number): Delivery {
  const j = body.job;
  if (j.type !== undefined && j.type !== 'script') return ignored(`a ${j.type} step runs on no agent`);
  const job: CiJob = {
    id: `buildkite:job:${j.id}`,
    source: 'buildkite',
    level: 'job',
    pipeline: body.pipeline.slug,
    job: j.name ?? j.label ?? j.step_key ?? 'job',
    runner: j.agent?.name ?? null,
    labels: j.agent?.meta_data ?? j.agent_query_rules ?? [],
    ...outcomeOf(j.state, j.passed, j.exit_status, j.signal_reason),
    queuedAt: j.runnable_at ?? j.scheduled_at ?? j.created_at ?? null,
    startedAt: j.started_at ?? null,
    finishedAt: j.finished_at ?? receivedAt,
    url: j.web_url ?? null,
  };
  return { kind: 'job', job };
}

export function fromBuildkiteBuild(body: z.output<typeof buildkiteBuildBody>, receivedAt: number): Delivery {
  const b = body.build;
  const job: CiJob = {
    id: `buildkite:build:${b.id}`,
    source: 'buildkite',
    level: 'pipeline',
    pipeline: body.pipeline.slug,
    job: 'build',
    runner: null,
    labels: [],
    ...outcomeOf(b.state, undefined, undefined, undefined),
    queuedAt: b.created_at ?? null,
    startedAt: b.started_at ?? null,
    finishedAt: b.finished_at ?? receivedAt,
    url: b.web_url ?? null,
  };
  return { kind: 'job', job };
}
