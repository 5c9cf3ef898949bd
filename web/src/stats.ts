/**
 * Per-monitor figures for overview rows (sparkline, 24 h / 30 d uptime, TLS days left), fetched
 * only for the rows in view, a few at a time, and kept for a minute: 10,000 monitors must not
 * mean 20,000 requests.
 */
import { get } from './api.js';
import { summarise } from './figures.js';
import { box } from './store.js';
import type { Point, ResultsPage } from './types.js';

export interface RowStats {
  points: Point[];
  uptime24h?: number;
  uptime30d?: number;
  tlsDaysLeft?: number;
  at: number;
}

const TTL = 60_000;
const PARALLEL = 4;
const DAY = 86_400_000;

export const stats = box<Map<string, RowStats>>(new Map());
const queue: string[] = [];
const inFlight = new Set<string>();

export function want(ids: readonly string[]): void {
  const now = Date.now();
  for (const id of ids) {
    const known = stats.get().get(id);
    if ((known && now - known.at < TTL) || inFlight.has(id) || queue.includes(id)) continue;
    queue.push(id);
  }
  pump();
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
  const now = Date.now();
  const base = `/api/v1/monitors/${encodeURIComponent(id)}/results`;
  const [recent, rollups] = await Promise.all([
    get<ResultsPage>(`${base}?limit=30&resolution=raw`),
    get<ResultsPage>(`${base}?from=${now - 30 * DAY}&to=${now}&resolution=hour`),
  ]);
  const results = recent.resolution === 'raw' ? recent.results : [];
  const hours = rollups.resolution === 'raw' ? [] : rollups.rollups;
  return { ...summarise(results, hours, now), at: now };
}

export function forget(id: string): void {
  const next = new Map(stats.get());
  next.delete(id);
  stats.set(next);
}
