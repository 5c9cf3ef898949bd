/**
 * What the API answers for the dashboard's CI page (routes/ci-views.ts): failure series per group,
 * and the configured intakes with their secrets masked. Times are epoch milliseconds.
 */
import { z } from 'zod';
import type { CiSeries } from '../core/ci/series.js';
import type { CiGroupBy } from '../core/ci/select.js';
import { CI_SYSTEMS } from './ci-intake.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });

const groupBy = z.enum(['none', 'runner_label', 'runner', 'pipeline', 'job']);

export const ciSeriesResponse = z.strictObject({
  from: ms().meta({ description: 'Start of the first bucket' }),
  to: ms(),
  bucket_ms: z.number().meta({ description: 'Width of each point, milliseconds' }),
  group_by: groupBy,
  monitor: z.string().nullable().meta({ description: 'The ci monitor whose selection was used; null: all jobs' }),
  partial: z.boolean().meta({ description: 'More jobs in the span than one chart reads: not all were counted' }),
  series: z
    .array(
      z.strictObject({
        group: z.string(),
        points: z
          .array(z.strictObject({ at: ms(), jobs: z.number().int(), failures: z.number().int(), infra: z.number().int() }))
          .meta({ description: 'One per bucket, oldest first: its start, jobs that counted, failures, infrastructure failures' }),
      }),
    )
    .meta({ description: 'The busiest groups first' }),
  damaged: z
    .array(z.strictObject({ job: z.string(), field: z.string(), problem: z.string() }))
    .optional()
    .meta({ description: 'Only when stored jobs had a part that could not be read (the first 20): they were counted without it (labels: none)' }),
});

export const ciIntakesResponse = z.strictObject({
  retention_ms: z.number().nullable().meta({ description: 'How long received jobs are kept, milliseconds' }),
  intakes: z.array(
    z.strictObject({
      system: z.enum(CI_SYSTEMS),
      path: z.string().meta({ description: 'Where the system posts' }),
      configured: z.boolean(),
      proof: z.string().meta({ description: 'The header that carries the secret' }),
      settings: z
        .union([z.strictObject({ secret: z.string() }), z.strictObject({ token: z.string() })])
        .nullable()
        .meta({ description: 'As configured, the secret read "••••"; null when not configured' }),
      jobs: z.number().int().meta({ description: 'Jobs stored from it' }),
      last_received_at: ms().nullable(),
    }),
  ),
});

/** Compiles only while the schemas describe exactly the core types: a field added there must be here too. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type SchemasMatchCore = [Holds<Same<z.output<typeof ciSeriesResponse>['series'][number], CiSeries>>, Holds<Same<z.output<typeof groupBy>, CiGroupBy>>];
