/**
 * /api/v1/overview: the dashboard's overview in one request. Every monitor with its live state but
 * without its settings (a target in words instead: the full list is ~700 bytes a monitor), and the
 * figures a row shows (recent results, uptime, TLS days left) for the rows asked for, by default
 * the worst first as the overview sorts them. Scrolling asks for the next rows' figures in one
 * request per screenful, not two per row.
 */
import { z } from 'zod';
import { describeTarget } from '../../checks/registry.js';
import { overviewResponse } from '../../schema/api-overview.js';
import type { MonitorConfig } from '../../schema/config.js';
import { id } from '../../schema/primitives.js';
import { listMonitors, type MonitorRow } from '../../store/monitors.js';
import { listQuarantines } from '../../store/quarantine.js';
import { recentResults } from '../../store/results.js';
import { listStates } from '../../store/state.js';
import { uptimeCounts, withPercent } from '../../store/uptime.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';
import { quarantineView, stateView } from './views.js';

const DAY = 86_400_000;
const MAX_FIGURES = 200;
const DEFAULT_FIGURES = 40;
const BEADS = 20;
/** Worst first, as the overview's default sort: what to draw figures for before anything is asked. */
const RANK: Record<string, number> = { down: 0, degraded: 1, unknown: 2, pending: 3, up: 4, paused: 5 };

const overviewQuery = z.strictObject({
  figures: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(id()).max(MAX_FIGURES, `expected at most ${MAX_FIGURES} monitor ids`))
    .optional()
    .meta({ description: `Comma-separated ids whose row figures to include (at most ${MAX_FIGURES}); default the ${DEFAULT_FIGURES} worst` }),
  list: z.enum(['0', '1']).default('1').meta({ description: '0: leave the monitor list out (figures only, for rows scrolled into view)' }),
});

type Row = ReturnType<typeof overviewRow>;

function overviewRow(
  row: MonitorRow,
  deps: ApiDeps,
  states: Map<string, Parameters<typeof stateView>[0]>,
  held: Map<string, Parameters<typeof quarantineView>[1]>,
  now: number,
) {
  const monitor = row.definition as MonitorConfig;
  return {
    id: monitor.id,
    name: monitor.name,
    type: monitor.type,
    target: describeTarget(monitor),
    tags: monitor.tags ?? [],
    group: monitor.group ?? null,
    depends_on: monitor.depends_on ?? [],
    paused: monitor.paused ?? false,
    source: row.source,
    read_only: row.source === 'config',
    quarantined: quarantineView(row, held.get(row.id)),
    state: stateView(states.get(row.id), deps.alertState(row.id), monitor, now),
  };
}

function rank(m: Row): number {
  return RANK[m.paused ? 'paused' : (m.state?.status ?? 'pending')] ?? 6;
}

export function worstFirst(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => rank(a) - rank(b) || (a.state?.since ?? 0) - (b.state?.since ?? 0) || a.name.localeCompare(b.name));
}

async function figuresFor(deps: ApiDeps, ids: string[], now: number) {
  if (ids.length === 0) return {};
  const [day, month] = await Promise.all([uptimeCounts(deps.db, ids, now - DAY, now + 1), uptimeCounts(deps.db, ids, now - 30 * DAY, now + 1)]);
  const entries = await Promise.all(
    ids.map(async (monitorId) => {
      const results = await recentResults(deps.db, monitorId, { limit: BEADS });
      const tls = results.find((r) => typeof r.metrics?.tls_days_left === 'number')?.metrics?.tls_days_left ?? null;
      return [
        monitorId,
        {
          results: results.map((r) => ({ at: r.at, status: r.status, latency_ms: r.latencyMs, message: r.message, missed: r.missed ?? false })),
          tls_days_left: tls,
          uptime: { '24h': withPercent(day.get(monitorId)).percent, '30d': withPercent(month.get(monitorId)).percent },
        },
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export function overviewRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/overview',
      tag: 'monitors',
      access: 'read',
      query: overviewQuery,
      summary:
        'The overview in one request: every monitor with its state (a target in words, no settings), and recent results, uptime and TLS days left of the rows asked for',
      responses: { 200: answers('The monitors (unless list=0) and the figures by monitor id', overviewResponse), 400: 'Invalid ids' },
      handler: async ({ query }) => {
        const now = deps.clock.now();
        const [rows, states, quarantines] = await Promise.all([listMonitors(deps.db), listStates(deps.db), listQuarantines(deps.db)]);
        const byId = new Map(states.map((s) => [s.monitorId, s]));
        const held = new Map(quarantines.map((q) => [q.monitorId, q]));
        const known = new Set(rows.map((r) => r.id));
        const monitors = rows.map((row) => overviewRow(row, deps, byId, held, now));
        const wanted = query.figures
          ? query.figures.filter((i) => known.has(i))
          : worstFirst(monitors)
              .slice(0, DEFAULT_FIGURES)
              .map((m) => m.id);
        const figures = await figuresFor(deps, wanted, now);
        return query.list === '0' ? { at: now, figures } : { at: now, monitors, figures };
      },
    }),
  ];
}
