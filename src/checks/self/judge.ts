/**
 * Judging what tocsin observed about itself: the figure against the monitor's thresholds, and one
 * line that names the figure, the threshold it crossed and what it means. Pure.
 */
import type { Status } from '../../core/types.js';
import type { FailingChannel, SelfObservation } from './figures.js';
import { humanBytes, humanMs } from './format.js';
import type { SelfSettings } from './schema.js';
import { ruleFor, type MetricRule, type Unit } from './thresholds.js';

export interface SelfVerdict {
  status: Status;
  message: string;
  metrics: Record<string, number>;
}

/** Fewer checks than this due in the window: one late run would swing the ratio, so it is not judged. */
export const MIN_EXPECTED = 5;

interface Figure {
  value: number;
  /** What was seen, without the verdict: "tocsin ran 42 checks in the last 60 s, 47% of the 90 expected". */
  seen: string;
}

export function judgeSelf(settings: SelfSettings, observation: SelfObservation): SelfVerdict {
  if ('unavailable' in observation) return { status: 'unknown', message: `${settings.metric} cannot be measured: ${observation.unavailable}`, metrics: {} };
  const figure = figureOf(observation);
  if (figure === undefined) return { status: 'up', message: calmMessage(observation), metrics: {} };
  const rule = ruleFor(settings);
  const status = levelOf(figure.value, rule);
  const metrics = { [settings.metric]: Math.round(figure.value * 100) / 100 };
  if (status === 'up') return { status, message: figure.seen, metrics };
  const which = status === 'down' ? 'critical' : 'warn';
  const bound = rule.lowerIsWorse ? 'below' : 'at';
  return { status, message: `${figure.seen} (${which} ${bound} ${formatValue(rule[which], rule.unit)})`, metrics };
}

export function levelOf(value: number, rule: MetricRule): Status {
  const crosses = (limit: number) => (rule.lowerIsWorse ? value < limit : value >= limit);
  if (crosses(rule.critical)) return 'down';
  if (crosses(rule.warn)) return 'degraded';
  return 'up';
}

/** Undefined when there is nothing to judge yet (no checks due, nothing waiting, no backup clock). */
function figureOf(o: Exclude<SelfObservation, { unavailable: string }>): Figure | undefined {
  switch (o.metric) {
    case 'checks_per_minute': {
      if (o.expected < MIN_EXPECTED) return undefined;
      const percent = (o.completed / o.expected) * 100;
      return {
        value: percent,
        seen: `tocsin ran ${o.completed} checks in the last ${humanMs(o.windowMs)}, ${Math.round(percent)}% of the ${Math.round(o.expected)} expected`,
      };
    }
    case 'schedule_lag':
      return { value: o.p99Ms, seen: `checks start ${humanMs(o.p99Ms)} after they fall due (schedule lag p99)` };
    case 'outbox_backlog':
      return { value: o.pending, seen: `${o.pending} notifications are waiting to be delivered` };
    case 'oldest_undelivered':
      if (o.ageMs === undefined) return undefined;
      return { value: o.ageMs, seen: `the oldest undelivered notification has waited ${humanMs(o.ageMs)}; ${o.pending} waiting in all` };
    case 'failing_channels':
      return {
        value: o.failing.length,
        seen:
          o.failing.length === 0
            ? 'every channel delivers'
            : `${o.failing.length === 1 ? '1 channel fails' : `${o.failing.length} channels fail`}: ${o.failing.map(describeChannel).join('; ')}`,
      };
    case 'db_write_latency':
      if (o.lastWriteError !== undefined)
        return { value: Number.POSITIVE_INFINITY, seen: `writing results to the database fails: ${o.lastWriteError}; ${o.pending} results waiting` };
      return { value: o.lastWriteMs, seen: `the last database write took ${humanMs(o.lastWriteMs)}; ${o.pending} results waiting` };
    case 'disk_free':
      return { value: o.freeBytes, seen: `the data directory ${o.path} has ${humanBytes(o.freeBytes)} free of ${humanBytes(o.totalBytes)}` };
    case 'backup_age':
      if (o.ageMs === undefined) return { value: Number.POSITIVE_INFINITY, seen: 'no successful backup has been recorded' };
      return { value: o.ageMs, seen: `the last successful backup is ${humanMs(o.ageMs)} old` };
  }
}

function calmMessage(o: SelfObservation): string {
  if (o.metric === 'checks_per_minute' && 'expected' in o)
    return `too few checks are due to judge the rate (${Math.round(o.expected)} expected in the last ${humanMs(o.windowMs)}, ${o.completed} ran)`;
  return 'no notification is waiting';
}

function describeChannel(f: FailingChannel): string {
  const error = f.lastError === null ? '' : `: ${f.lastError.length > 100 ? `${f.lastError.slice(0, 99)}…` : f.lastError}`;
  return `${f.channel} for ${humanMs(f.forMs)}${error}`;
}

export function formatValue(value: number, unit: Unit): string {
  if (unit === 'percent') return `${value}%`;
  if (unit === 'ms') return humanMs(value);
  if (unit === 'bytes') return humanBytes(value);
  return String(value);
}
