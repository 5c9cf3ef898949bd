/**
 * /api/v1/uptime: uptime of many monitors over a few windows in one request, exact to the result
 * (store/uptime.ts): the same figure as the status page, badges and /metrics.
 */
import { z } from 'zod';
import { formatDuration, parseDuration } from '../../lib/duration.js';
import { uptimeCounts, withPercent, type Uptime } from '../../store/uptime.js';
import { uptimeResponse } from '../../schema/api-monitors.js';
import { id } from '../../schema/primitives.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

const HOUR = 3_600_000;
const MAX_WINDOW = 400 * 24 * HOUR;
const MAX_WINDOWS = 4;
const MAX_IDS = 1000;

const windowList = z
  .string()
  .default('24h,30d')
  .transform((text, ctx) => {
    const parts = text.split(',').map((p) => p.trim());
    const windows = parts.map((p) => parseDuration(p));
    if (parts.length > MAX_WINDOWS || windows.some((w) => w === undefined || w < 60_000 || w > MAX_WINDOW)) {
      ctx.addIssue({ code: 'custom', message: `expected up to ${MAX_WINDOWS} durations from 1m to 400d, comma-separated, such as 24h,30d` });
      return z.NEVER;
    }
    return windows as number[];
  });

const idList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(id()).min(1).max(MAX_IDS, `expected at most ${MAX_IDS} monitor ids`));

const uptimeQuery = z.strictObject({
  windows: windowList.meta({ description: 'Comma-separated durations ending now, such as 24h,7d,30d (at most 4, each 1m to 400d); default 24h,30d' }),
  ids: idList.optional().meta({ description: 'Comma-separated monitor ids (at most 1000); default every monitor being checked' }),
});

export function uptimeRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/uptime',
      tag: 'results',
      access: 'read',
      query: uptimeQuery,
      summary: 'Uptime per monitor over windows ending now: (up + degraded) / judged results; unknown, pending and maintenance results excluded',
      responses: {
        200: answers('For each monitor and window: percent (null: no judged result) and the counts behind it', uptimeResponse),
        400: 'Invalid windows or ids',
      },
      handler: async ({ query }) => {
        const now = deps.clock.now();
        const ids = query.ids ?? deps.monitors().map((m) => m.id);
        const uptime: Record<string, Record<string, Uptime>> = Object.fromEntries(ids.map((i) => [i, {}]));
        for (const window of query.windows) {
          const counts = await uptimeCounts(deps.db, ids, now - window, now + 1);
          for (const i of ids) uptime[i]![formatDuration(window)] = withPercent(counts.get(i));
        }
        return { windows: query.windows.map(formatDuration), at: now, uptime };
      },
    }),
  ];
}
