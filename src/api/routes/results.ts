/**
 * /api/v1/monitors/:id/results: raw results for short ranges, minute, hourly or daily rollups for
 * longer ones (a year of one-minute results is half a million rows; a year of days is 365). Raw
 * routine successes are kept for retention.successes (1 day by default), failures and changes longer.
 */
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { resultsResponse } from '../../schema/api-monitors.js';
import { MAX_PAGE, recentResults } from '../../store/results.js';
import { readMinuteRollups, readRollups, type Grain } from '../../store/rollups.js';
import type { ApiDeps } from './deps.js';
import { idParams, liveRow } from './monitors.js';
import { answers, queryInt, queryTime, route, type ApiRoute } from './route.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const resultsQuery = z.strictObject({
  from: queryTime().optional().meta({ description: 'Inclusive start: epoch ms or ISO 8601' }),
  to: queryTime().optional().meta({ description: 'Exclusive end: epoch ms or ISO 8601; default now' }),
  before: queryInt(0, 8_640_000_000_000_000).optional().meta({ description: 'Raw paging cursor: the `next` of the previous page' }),
  limit: queryInt(1, MAX_PAGE).optional(),
  resolution: z.enum(['auto', 'raw', 'minute', 'hour', 'day']).default('auto'),
});

/** Raw up to one day (routine successes are kept a day by default), minutes up to two, hours up to 60 days, days beyond. */
export function resolutionFor(from: number | undefined, to: number): 'raw' | Grain {
  if (from === undefined || to - from <= DAY) return 'raw';
  if (to - from <= 2 * DAY) return 'minute';
  return to - from <= 60 * DAY ? 'hour' : 'day';
}

export function resultRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/monitors/:id/results',
      tag: 'results',
      access: 'read',
      params: idParams,
      query: resultsQuery,
      summary: 'Results of one monitor, newest first when raw; rollups (oldest first) for long ranges',
      responses: { 200: answers('A page of results or rollups', resultsResponse), 400: 'Invalid range', 404: 'No such monitor' },
      handler: async ({ params, query }) => {
        await liveRow(deps, params.id);
        const to = query.to ?? deps.clock.now();
        if (query.from !== undefined && query.from >= to) {
          throw new TocsinError('invalid_input', `query from: ${query.from} is not before to (${to})`, { field: 'from', expected: 'a time before `to`' });
        }
        const resolution = query.resolution === 'auto' ? resolutionFor(query.from, to) : query.resolution;
        if (resolution === 'raw') return raw(deps, params.id, { ...query, to });
        const from = query.from ?? to - (resolution === 'minute' ? DAY : resolution === 'hour' ? 7 * DAY : 90 * DAY);
        const rollups =
          resolution === 'minute' ? await readMinuteRollups(deps.db, params.id, from, to) : await readRollups(deps.db, params.id, resolution, from, to);
        return {
          resolution,
          rollups: rollups.map((r) => ({
            bucket: r.bucket,
            count: r.count,
            up: r.up,
            degraded: r.degraded,
            down: r.down,
            latency_p50_ms: r.latencyP50,
            latency_p95_ms: r.latencyP95,
            latency_max_ms: r.latencyMax,
          })),
        };
      },
    }),
  ];
}

async function raw(deps: ApiDeps, monitorId: string, query: { from?: number; to: number; before?: number; limit?: number }) {
  const limit = query.limit ?? 100;
  const rows = await recentResults(deps.db, monitorId, { ...query, limit });
  const last = rows.at(-1);
  return {
    resolution: 'raw' as const,
    results: rows.map((r) => ({
      at: r.at,
      status: r.status,
      latency_ms: r.latencyMs,
      message: r.message,
      timings: r.timings,
      metrics: r.metrics ?? null,
      missed: r.missed ?? false,
      // A routine success keeps no words of its own: message, timings and metrics are those of the result at detail_at.
      detail_at: r.detailAt ?? null,
      ...(r.location !== undefined && { location: r.location }),
    })),
    // Rows sharing the last `at` could straddle pages; results of one monitor rarely share a millisecond.
    next: rows.length === limit && last ? last.at : null,
  };
}
