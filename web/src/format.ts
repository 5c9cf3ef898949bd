/** Times and figures as a person reads them at 3 a.m. */
import { formatPercent } from '../../src/web/status/escape.js';

export function ago(at: number | undefined | null, now = Date.now()): string {
  if (!at) return 'never';
  const s = Math.round((now - at) / 1000);
  if (s < 0) return `in ${span(-s * 1000)}`;
  if (s < 1) return 'just now';
  return `${span(s * 1000)} ago`;
}

export function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60 ? `${m % 60} min` : ''}`.trim();
  return `${Math.floor(h / 24)} d`;
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${Math.round(value)} ms`;
}

/**
 * Uptime as the status page writes it (the same function, so the same figure): a percent from
 * /api/v1/uptime; null is "no data" (nothing judged in the window), undefined not loaded yet.
 */
export function uptimeText(percent: number | null | undefined): string {
  if (percent === undefined) return '—';
  return percent === null ? 'no data' : formatPercent(percent);
}

/** One formatter for every time shown: toLocaleString with options builds a new one per call (~0.5 ms each, 400 per screen of beads). */
let stamp: Intl.DateTimeFormat | undefined;

export function when(at: number | undefined | null): string {
  if (!at) return '—';
  stamp ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  return stamp.format(at);
}

/** The server's own duration spelling, so forms write what tocsin.yaml would. */
export { formatDuration, parseDuration } from '../../src/lib/duration.js';
