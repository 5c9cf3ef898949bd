/**
 * Per-monitor figures for overview rows (recent results, TLS days left, 24 h / 30 d uptime). The
 * overview's one request (GET /api/v1/overview) brings them for the worst rows; rows scrolled into
 * view without them are asked for together, one request per screenful (never one per row), and
 * kept for a minute. Uptime is the server's figure: the same as the status page and /metrics.
 */
import { get } from './api.js';
import { summarise } from './figures.js';
import { box } from './store.js';
import type { Point, Result } from './types.js';

export interface RowStats {
  points: Point[];
  /** Newest first. */
  results: Result[];
  tlsDaysLeft?: number;
  at: number;
}

/** Percent 0–100 per window; null: no judged result in the window ("no data"). */
export interface RowUptime {
  '24h': number | null;
  '30d': number | null;
  at: number;
}

/** The figures of one row as GET /api/v1/overview gives them. */
export interface OverviewFigures {
  results: Omit<Result, 'timings' | 'metrics'>[];
  tls_days_left: number | null;
  uptime: { '24h': number | null; '30d': number | null };
}

const TTL = 60_000;
/** Ids per request: the server's limit, and more than a tall screen of rows. */
const BATCH = 200;

export const stats = box<Map<string, RowStats>>(new Map());
export const uptimes = box<Map<string, RowUptime>>(new Map());
const wanted = new Set<string>();
const inFlight = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Takes the figures an overview answer brought. */
export function seed(figures: Record<string, OverviewFigures>): void {
  const at = Date.now();
  const nextStats = new Map(stats.get());
  const nextUptimes = new Map(uptimes.get());
  for (const [id, f] of Object.entries(figures)) {
    const results = f.results.map((r) => ({ ...r, timings: {}, metrics: null }));
    const row: RowStats = { points: summarise(results).points, results, at };
    if (f.tls_days_left !== null) row.tlsDaysLeft = f.tls_days_left;
    nextStats.set(id, row);
    nextUptimes.set(id, { ...f.uptime, at });
  }
  stats.set(nextStats);
  uptimes.set(nextUptimes);
}

export function want(ids: readonly string[]): void {
  const now = Date.now();
  for (const id of ids) {
    const known = stats.get().get(id);
    if (!(known && now - known.at < TTL) && !inFlight.has(id)) wanted.add(id);
  }
  // Rows scrolled past in one gesture join one request.
  if (wanted.size && !timer) timer = setTimeout(load, 50);
}

function load(): void {
  timer = undefined;
  const ids = [...wanted];
  wanted.clear();
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    batch.forEach((id) => inFlight.add(id));
    void get<{ figures: Record<string, OverviewFigures> }>(`/api/v1/overview?list=0&figures=${batch.map(encodeURIComponent).join(',')}`)
      .then((answer) => seed(answer.figures))
      .catch(() => undefined)
      .finally(() => batch.forEach((id) => inFlight.delete(id)));
  }
}

/** GET /api/v1/uptime; `windows` spells the asked windows the server's way (24h reads back as 1d), in the order asked. */
export interface UptimeAnswer {
  windows: string[];
  uptime: Record<string, Record<string, { percent: number | null }>>;
}

/** The percents of one monitor, in the order the windows were asked for. */
export function percents(answer: UptimeAnswer, id: string): (number | null)[] {
  const mine = answer.uptime[id] ?? {};
  return answer.windows.map((w) => mine[w]?.percent ?? null);
}

export function forget(id: string): void {
  const next = new Map(stats.get());
  next.delete(id);
  stats.set(next);
}
