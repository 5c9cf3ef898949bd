/** The ci monitor's settings: which jobs it watches, how it groups them, and what departing means. */
import { z } from 'zod';
import { duration } from '../../schema/primitives.js';

const MINUTE = 60_000;
const label = () => z.string().min(1).max(200);

export const ciSettings = z
  .strictObject({
    level: z
      .enum(['job', 'pipeline'])
      .default('job')
      .meta({ description: 'job: single jobs on runners (workflow_job, GitLab jobs, Buildkite jobs); pipeline: whole runs (workflow_run, GitLab pipelines)' }),
    pipeline: label().optional().meta({ description: 'Only jobs of this pipeline (repository, project or pipeline slug)' }),
    job: label().optional().meta({ description: 'Only jobs of this name' }),
    runner: label().optional().meta({ description: 'Only jobs that ran on this runner or agent' }),
    runner_label: label()
      .optional()
      .meta({ description: 'Only jobs whose runner has this label (GitHub runs-on label, GitLab tag, Buildkite tag such as queue=linux)' }),
    labels: z.array(label()).max(20).optional().meta({ description: 'Only jobs whose runner has every one of these labels' }),
    group_by: z
      .enum(['none', 'runner_label', 'runner', 'pipeline', 'job'])
      .default('none')
      .meta({ description: 'Judge each group of jobs apart: by runner label (a region or pool), runner, pipeline or job name' }),
    group_labels: z
      .array(label())
      .max(100)
      .optional()
      .meta({ description: 'With group_by runner_label: the labels that name groups (e.g. the regions); others are ignored. Unset: every label is a group' }),
    group_noun: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .meta({ description: 'What the groups are, in the plural, for messages: "other regions 3–5%" (default: groups)' }),
    baseline: z.enum(['peers', 'history']).optional().meta({
      description:
        'What a group is compared with: peers (the other groups in the same window; the default with group_by) or history (the same group at the same time of day over the last 7 days; the default without)',
    }),
    window: duration()
      .refine((ms) => ms >= MINUTE && ms <= 86_400_000, 'expected a window between 1m and 1d')
      .prefault('30m')
      .meta({ description: 'The sliding window of finished jobs judged at each run' }),
    factor: z.number().min(1.1).max(100).default(3).meta({ description: 'Alert when a group’s failure rate is at least this many times its baseline' }),
    min_jobs: z
      .number()
      .int()
      .min(3)
      .max(1_000_000)
      .default(20)
      .meta({ description: 'Fewer jobs than this in a group (or behind its baseline) are not judged: 2 failures of 3 never page' }),
    min_rate: z
      .number()
      .min(0)
      .max(1)
      .default(0.02)
      .meta({ description: 'The lowest baseline rate compared with (0.02 is 2%), so one failure where none is usual does not page' }),
  })
  .refine((s) => !(s.baseline === 'peers' && s.group_by === 'none'), {
    message: 'baseline peers compares groups with each other: set group_by too',
    path: ['baseline'],
  });

export type CiSettings = z.output<typeof ciSettings>;
