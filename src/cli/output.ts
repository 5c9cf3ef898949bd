import type { CheckResult, Timings } from '../core/types.js';

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
/** By the words of docs/states.md; unknown is grey: it is evidence of nothing. */
const COLORS: Record<string, string> = {
  up: '32',
  degraded: '33',
  down: '31',
  unknown: '90',
  pending: '90',
  paused: '90',
};

/** "UP", "DOWN"… coloured when printing to a terminal. */
export function badge(status: string, width = 8): string {
  const text = status.toUpperCase().padEnd(width);
  const color = COLORS[status];
  return useColor && color ? `\x1b[${color}m${text}\x1b[0m` : text;
}

const PHASE_LABELS: Record<string, string> = {
  dns: 'dns',
  connect: 'connect',
  tls: 'tls',
  send: 'send',
  firstByte: 'first byte',
  body: 'body',
  banner: 'banner',
  starttls: 'starttls',
  auth: 'auth',
  query: 'query',
  process: 'process',
  upgrade: 'upgrade',
  reply: 'reply',
  handshake: 'handshake',
  total: 'total',
};

export function formatTimings(timings: Timings): string {
  return Object.entries(timings)
    .filter(([, ms]) => typeof ms === 'number')
    .map(([phase, ms]) => `${PHASE_LABELS[phase] ?? phase} ${formatMs(ms)}`)
    .join(' · ');
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** Nagios convention: 0 up, 1 degraded, 2 down, 3 unknown. */
export function exitCodeFor(status: CheckResult['status']): number {
  return { up: 0, degraded: 1, down: 2, unknown: 3 }[status];
}

/** "3 min ago", "2 h ago": for status tables. */
export function ago(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s ago`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 172_800_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return `${Math.round(ms / 86_400_000)} d ago`;
}
