/**
 * Per-monitor figures for overview rows (sparkline, recent results, TLS days left, 24 h / 30 d
 * uptime), fetched only for the rows in view and kept for a minute: 10,000 monitors must not mean
 * 20,000 requests. Uptime comes from /api/v1/uptime, many rows per request, so the row shows the
 * same figure as the status page and /metrics.
 */
import { get } from './api.js';
import { summarise } from './figures.js';
import { box } from './store.js';
import type { Point, Result, ResultsPage } from './types.js';

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

const TTL = 60_000;
const PARALLEL = 4;
/** Ids per uptime request: a short URL, and one request covers a screenful of rows. */
const UPTIME_BATCH = 100;

export const stats = box<Map<string, RowStats>>(new Map());
export const uptimes = box<Map<string, RowUptime>>(new Map());
const queue: string[] = [];
const inFlight = new Set<string>();
const uptimeWanted = new Set<string>();
const uptimeInFlight = new Set<string>();
let uptimeTimer: ReturnType<typeof setTimeout> | undefined;

export function want(ids: readonly string[]): void {
  const now = Date.now();
  for (const id of ids) {
    const known = stats.get().get(id);
    if (!(known && now - known.at < TTL) && !inFlight.has(id) && !queue.includes(id)) queue.push(id);
    const up = uptimes.get().get(id);
    if (!(up && now - up.at < TTL) && !uptimeInFlight.has(id)) uptimeWanted.add(id);
  }
  pump();
  // Rows scrolled past in one gesture join one request.
  if (uptimeWanted.size && !uptimeTimer) uptimeTimer = setTimeout(loadUptimes, 50);
}

function pump(): void {
  while (inFlight.size < PARALLEL && queue.length) {
    const id = queue.shift() as string;
    inFlight.add(id);
    void load(id)
      .then((row) => {
        const next = new Map(stats.get());
        next.set(id, row);
        stats.set(next);
      })
      .catch(() => undefined)
      .finally(() => {
        inFlight.delete(id);
        pump();
      });
  }
}

async function load(id: string): Promise<RowStats> {
  const recent = await get<ResultsPage>(`/api/v1/monitors/${encodeURIComponent(id)}/results?limit=30&resolution=raw`);
  const results = recent.resolution === 'raw' ? recent.results : [];
  return { ...summarise(results), results, at: Date.now() };
}

function loadUptimes(): void {
  uptimeTimer = undefined;
  const ids = [...uptimeWanted];
  uptimeWanted.clear();
  for (let i = 0; i < ids.length; i += UPTIME_BATCH) {
    const batch = ids.slice(i, i + UPTIME_BATCH);
    batch.forEach((id) => uptimeInFlight.add(id));
    void get<UptimeAnswer>(`/api/v1/uptime?windows=24h,30d&ids=${batch.map(encodeURIComponent).join(',')}`)
      .then((answer) => {
        const next = new Map(uptimes.get());
        const at = Date.now();
        for (const id of Object.keys(answer.uptime)) {
          const [day, month] = percents(answer, id);
          next.set(id, { '24h': day ?? null, '30d': month ?? null, at });
        }
        uptimes.set(next);
      })
      .catch(() => undefined)
      .finally(() => batch.forEach((id) => uptimeInFlight.delete(id)));
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
