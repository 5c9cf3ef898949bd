/**
 * Jenkins, in the JSON shape of its Notification plugin: `{name, url, build: {number, phase, status,
 * full_url, …}}`. Only the `COMPLETED` and `FINALIZED` phases are kept (both may arrive; the job's id
 * is the same, so the second replaces the first). The payload does not name the agent: a build that
 * passes its node as parameters `NODE_NAME` and `NODE_LABELS` (space-separated, as Jenkins sets them)
 * is grouped by them.
 */
import { z } from 'zod';
import type { CiJob, CiOutcome } from '../../../core/ci/job.js';
import { ignored, name, text, time, type Delivery } from './fields.js';

export const jenkinsBody = z.object({
  name: name(),
  url: text(2000).optional(),
  build: z.object({
    number: z.number().int().min(0),
    phase: z.enum(['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED']),
    status: z.enum(['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']).optional(),
    full_url: text(2000).optional(),
    timestamp: time().optional(),
    duration: z.number().min(0).optional(),
    parameters: z.record(z.string().max(200), z.unknown()).optional(),
  }),
});

const OUTCOMES: Record<string, CiOutcome> = {
  SUCCESS: 'success',
  UNSTABLE: 'failure',
  FAILURE: 'failure',
  ABORTED: 'cancelled',
  NOT_BUILT: 'skipped',
};

export function fromJenkins(body: z.output<typeof jenkinsBody>, receivedAt: number): Delivery {
  const b = body.build;
  if (b.phase !== 'COMPLETED' && b.phase !== 'FINALIZED') return ignored(`build ${b.phase.toLowerCase()}: only completed builds are kept`);
  if (b.status === undefined) return ignored('a completed build without a status says nothing');
  const param = (key: string) => (typeof b.parameters?.[key] === 'string' ? b.parameters[key].slice(0, 200) : undefined);
  const labels = (param('NODE_LABELS') ?? '').split(/\s+/).filter(Boolean).slice(0, 50);
  const finishedAt = b.timestamp !== undefined && b.duration !== undefined ? b.timestamp + Math.round(b.duration) : receivedAt;
  const job: CiJob = {
    id: `jenkins:${body.name}#${b.number}`,
    source: 'jenkins',
    level: 'job',
    pipeline: body.name,
    job: body.name,
    runner: param('NODE_NAME') ?? null,
    labels,
    outcome: OUTCOMES[b.status]!,
    reason: b.status === 'SUCCESS' ? null : b.status.toLowerCase(),
    queuedAt: null,
    startedAt: b.timestamp ?? null,
    finishedAt,
    url: b.full_url ?? null,
  };
  return { kind: 'job', job };
}
