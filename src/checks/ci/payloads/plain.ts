/**
 * The plain form, for any CI system or script: `{pipeline, job, runner, labels, status, started_at,
 * finished_at}` (one object, or an array of up to 1,000). The status names the outcome directly;
 * `timeout`, `runner_lost` and `system_cancelled` are the infrastructure's failures.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CiJob, CiOutcome } from '../../../core/ci/job.js';
import { labelList, name, text, time, type Delivery } from './fields.js';

const STATUSES = {
  success: 'success',
  failure: 'failure',
  timeout: 'infra',
  runner_lost: 'infra',
  system_cancelled: 'infra',
  infra: 'infra',
  cancelled: 'cancelled',
  skipped: 'skipped',
} as const satisfies Record<string, CiOutcome>;

export const plainJob = z.strictObject({
  id: text(200).min(1).optional().meta({ description: 'Your id for the job: a job sent again with the same id replaces the first' }),
  pipeline: name(),
  job: name(),
  runner: text(200).min(1).optional(),
  labels: labelList().default([]),
  level: z.enum(['job', 'pipeline']).default('job'),
  status: z.enum(Object.keys(STATUSES) as [keyof typeof STATUSES, ...Array<keyof typeof STATUSES>]),
  reason: text(200).optional(),
  queued_at: time().optional(),
  started_at: time().optional(),
  finished_at: time(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

export function fromPlain(body: z.output<typeof plainJob>): Delivery {
  const outcome = STATUSES[body.status];
  const job: CiJob = {
    id: `json:${body.id ?? randomUUID()}`,
    source: 'json',
    level: body.level,
    pipeline: body.pipeline,
    job: body.job,
    runner: body.runner ?? null,
    labels: body.labels,
    outcome,
    reason: body.reason ?? (outcome === 'infra' && body.status !== 'infra' ? body.status : null),
    queuedAt: body.queued_at ?? null,
    startedAt: body.started_at ?? null,
    finishedAt: body.finished_at,
    url: body.url ?? null,
  };
  return { kind: 'job', job };
}
