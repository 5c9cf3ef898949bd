/**
 * The one notification per channel that stands for what happened while tocsin was down:
 * "tocsin was down from 02:14:05 to 02:14:12 UTC (the engine was killed by SIGKILL); while it was
 * down: 3 monitors went down, 1 recovered — db DOWN: …". Pure.
 */
import { eventFor, type Notification } from '../../channels/types.js';
import type { Status } from '../../core/types.js';
import type { Downtime } from './window.js';

/** Enough names to see the pattern; the rest are counted. */
const LISTED = 20;
const REASON_MAX = 100;
const ORDER: Status[] = ['down', 'unknown', 'degraded', 'up'];
const WORDS: Record<Status, string> = { down: 'went down', unknown: 'became unknown', degraded: 'degraded', up: 'recovered' };

export function downtimeDigest(items: readonly Notification[], downtime: Downtime, id: string, now: number): Notification {
  const latest = latestPerMonitor(items);
  const counts = ORDER.map((state) => [state, latest.filter((n) => n.state === state).length] as const).filter(([, n]) => n > 0);
  const worst = counts[0]?.[0] ?? 'up';
  const summary = counts.map(([state, n]) => `${n} monitor${n === 1 ? '' : 's'} ${WORDS[state]}`).join(', ');
  const listed = sorted(latest).slice(0, LISTED).map(describe);
  const more = latest.length > LISTED ? `; … and ${latest.length - LISTED} more` : '';
  return {
    id,
    event: eventFor(worst),
    at: iso(now),
    monitor: { id: 'tocsin.downtime', name: 'tocsin downtime digest', type: 'digest', target: `${latest.length} monitors` },
    state: worst,
    previous_state: worst === 'up' ? 'down' : 'up',
    since: iso(downtime.downSince),
    message: `${downWhen(downtime)}; while it was down: ${summary} — ${listed.join('; ')}${more}`,
    dedup_key: `tocsin/downtime/${downtime.downSince}`,
  };
}

export function downWhen(d: Downtime): string {
  return `tocsin was down from ${clock(d.downSince)} to ${clock(d.backAt)} UTC (${d.reason})`;
}

/** A monitor that went down and came back during the gathering is told once, as it is now. */
function latestPerMonitor(items: readonly Notification[]): Notification[] {
  const byMonitor = new Map<string, Notification>();
  for (const n of items) byMonitor.set(n.monitor.id, n);
  return [...byMonitor.values()];
}

function sorted(items: readonly Notification[]): Notification[] {
  return [...items].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
}

function describe(n: Notification): string {
  const reason = n.message.length > REASON_MAX ? `${n.message.slice(0, REASON_MAX - 1)}…` : n.message;
  return `${n.monitor.name} ${n.state.toUpperCase()}: ${reason}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function clock(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
