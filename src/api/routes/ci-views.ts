/**
 * What the dashboard's CI page reads: failure rate per group over time (for one ci monitor's
 * selection, or all jobs grouped as asked), and which intakes are configured, with their secrets
 * masked, and what each has received.
 */
import { z } from 'zod';
import { maskSecrets } from '../../channels/mask.js';
import { TocsinError } from '../../lib/errors.js';
import { parseDuration } from '../../lib/duration.js';
import { ciIntakesResponse, ciSeriesResponse } from '../../schema/api-ci.js';
import { id } from '../../schema/primitives.js';
import { CI_SYSTEMS } from '../../schema/ci-intake.js';
import { ciSeries } from '../../services/ci-series.js';
import { ciIntakeActivity } from '../../store/ci-jobs.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

const HOUR = 3_600_000;
const MAX_SPAN = 8 * 24 * HOUR;
const MAX_BUCKETS = 400;

const durationText = (min: number, max: number, example: string) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as ${example}` });
      return z.NEVER;
    }
    return ms;
  });

const seriesQuery = z.strictObject({
  monitor: id().optional().meta({ description: 'A ci monitor: its selection and grouping are used' }),
  span: durationText(HOUR, MAX_SPAN, '24h (1h to 8d)')
    .default(24 * HOUR)
    .meta({ description: 'How far back, ending now (1h to 8d); default 24h' }),
  bucket: durationText(60_000, 24 * HOUR, '15m (1m to 1d)')
    .default(15 * 60_000)
    .meta({ description: 'Width of each point; default 15m' }),
  group_by: z
    .enum(['none', 'runner_label', 'runner', 'pipeline', 'job'])
    .default('runner_label')
    .meta({ description: 'Without monitor: how jobs are grouped' }),
  level: z.enum(['job', 'pipeline']).default('job'),
  groups: z.coerce.number().int().min(1).max(50).default(12).meta({ description: 'At most this many groups, the busiest' }),
});

const INTAKE_HEADERS = {
  github: 'X-Hub-Signature-256 (HMAC-SHA256 of the body with the secret)',
  gitlab: 'X-Gitlab-Token',
  jenkins: 'Authorization: Bearer <token>',
  buildkite: 'X-Buildkite-Token',
  json: 'Authorization: Bearer <token>',
} as const;

export function ciViewRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/ci/series',
      tag: 'ci',
      access: 'read',
      query: seriesQuery,
      summary: 'Failure rate of CI jobs per group over time (jobs, failures, infrastructure failures per bucket), for a ci monitor or as grouped',
      responses: { 200: answers('The series, the busiest groups first', ciSeriesResponse), 404: 'No ci monitor with that id' },
      handler: async ({ query, request }) => {
        const now = deps.clock.now();
        if (query.span / query.bucket > MAX_BUCKETS) {
          throw new TocsinError('invalid_input', `query bucket: expected at most ${MAX_BUCKETS} buckets in the span`, {
            field: 'bucket',
            expected: 'a wider bucket',
          });
        }
        const monitor = query.monitor === undefined ? undefined : deps.monitors().find((m) => m.id === query.monitor);
        if (query.monitor !== undefined && monitor?.type !== 'ci') throw new TocsinError('not_found', `no ci monitor "${query.monitor}"`);
        const s = monitor?.type === 'ci' ? monitor.settings : undefined;
        const from = Math.floor((now - query.span) / query.bucket) * query.bucket;
        const { series, partial, damaged } = await ciSeries(deps.db, request.log, {
          from,
          to: now + 1,
          bucketMs: query.bucket,
          level: s?.level ?? query.level,
          groupBy: s?.group_by ?? query.group_by,
          ...(s?.group_labels && { groupLabels: s.group_labels }),
          selector: s ? { pipeline: s.pipeline, job: s.job, runner: s.runner, runner_label: s.runner_label, labels: s.labels } : {},
          maxGroups: query.groups,
        });
        return {
          from,
          to: now,
          bucket_ms: query.bucket,
          group_by: s?.group_by ?? query.group_by,
          monitor: monitor?.id ?? null,
          partial,
          series,
          ...(damaged.length > 0 && { damaged }),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/ci/intakes',
      tag: 'ci',
      access: 'read',
      summary: 'The CI intakes: where each system posts, whether it is configured (secrets masked), and what it has received',
      responses: { 200: answers('One entry per CI system', ciIntakesResponse) },
      handler: async () => {
        const config = deps.config().ci_intake;
        const activity = new Map((await ciIntakeActivity(deps.db)).map((a) => [a.source, a]));
        return {
          retention_ms: config?.retention ?? null,
          intakes: CI_SYSTEMS.map((system) => ({
            system,
            path: `/ci/intake/${system}`,
            configured: config?.[system] !== undefined,
            proof: INTAKE_HEADERS[system],
            settings: config?.[system] === undefined ? null : maskSecrets(config[system]),
            jobs: activity.get(system)?.jobs ?? 0,
            last_received_at: activity.get(system)?.lastReceivedAt ?? null,
          })),
        };
      },
    }),
  ];
}
