/**
 * The monitor form's draft: every field as the text a person types, converted to and from the body
 * the API takes (the same shape as a monitor in tocsin.yaml, durations as "30s").
 */
import { formatDuration } from './format.js';
import type { Monitor } from './types.js';

export type Draft = Record<string, string | boolean>;
export type Kind = 'text' | 'number' | 'boolean' | 'choice' | 'json' | 'list';

/** Keys whose numbers are durations in ms once parsed; written back as "30s" so the schema accepts them. */
const DURATIONS = new Set([
  'interval',
  'timeout',
  'max_latency',
  'grace',
  'max_runtime',
  'min_runtime',
  'min_interval',
  'period',
  'within',
  'after',
  'max_replication_lag',
  'remind_every',
]);
/** Read-only facts, and `alert`, which reads back as the whole resolved policy rather than the override written. */
const NOT_INPUT = new Set(['source', 'read_only', 'created_at', 'updated_at', 'state', 'settings', 'alert']);

export const COMMON: [string, Kind][] = [
  ['id', 'text'],
  ['name', 'text'],
  ['interval', 'text'],
  ['timeout', 'text'],
  ['tags', 'list'],
  ['group', 'text'],
  ['runbook', 'text'],
  ['depends_on', 'list'],
  ['escalation', 'text'],
  ['alert', 'json'],
  ['paused', 'boolean'],
];

/** Numbers under duration keys back to duration text, at any depth. */
export function durationsAsText(value: unknown, key?: string): unknown {
  if (typeof value === 'number' && key && DURATIONS.has(key)) return formatDuration(value);
  if (Array.isArray(value)) return value.map((v) => durationsAsText(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, durationsAsText(v, k)]));
  return value;
}

export function toDraft(monitor: Monitor, kinds: Record<string, Kind>): Draft {
  const draft: Draft = {};
  // The API nests a type's settings under `settings`; the form, like tocsin.yaml, writes them flat.
  for (const [key, raw] of [...Object.entries(monitor), ...Object.entries(monitor.settings ?? {})]) {
    if (NOT_INPUT.has(key) || raw === undefined || raw === null) continue;
    const value = durationsAsText(raw, key);
    const kind = kinds[key] ?? 'json';
    if (kind === 'boolean') draft[key] = Boolean(value);
    else if (kind === 'list') draft[key] = (value as string[]).join(', ');
    else if (kind === 'json') draft[key] = JSON.stringify(value, null, 2);
    else draft[key] = String(value);
  }
  return draft;
}

/** The body for the API, and the fields whose text could not be read (bad JSON, not a number). */
export function fromDraft(draft: Draft, kinds: Record<string, Kind>): { body: Record<string, unknown>; problems: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const [key, value] of Object.entries(draft)) {
    const kind = kinds[key];
    if (!kind) continue;
    if (kind === 'boolean') {
      body[key] = value === true;
      continue;
    }
    const text = String(value).trim();
    if (text === '') continue;
    if (kind === 'list')
      body[key] = text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (kind === 'number') {
      if (Number.isFinite(Number(text))) body[key] = Number(text);
      else problems[key] = `expected a number, got "${text}"`;
    } else if (kind === 'json') {
      try {
        body[key] = JSON.parse(text);
      } catch (error) {
        problems[key] = `expected JSON: ${(error as Error).message}`;
      }
    } else body[key] = text;
  }
  return { body, problems };
}
