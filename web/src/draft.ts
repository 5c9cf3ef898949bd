/**
 * The monitor form's draft: every field as the text a person types, converted to and from the body
 * the API takes (the same shape as a monitor in tocsin.yaml, durations as "30s").
 */
import { formatDuration } from './format.js';
import { fromForm, toForm, type FormValue, type JsonSchema } from './structured.js';
import type { Monitor } from './types.js';

export type Draft = Record<string, FormValue>;
export type Kind = 'text' | 'number' | 'boolean' | 'choice' | 'json' | 'list' | 'structured';
/** The JSON Schema of each 'structured' key. */
export type Nested = Record<string, JsonSchema>;

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
  'retry_interval',
]);
/**
 * Read-only facts. `alert` is read: it comes back as the whole resolved policy, which is also what an
 * API monitor stores (defaults are applied when it is written), so showing it keeps what is saved.
 */
const NOT_INPUT = new Set(['source', 'read_only', 'created_at', 'updated_at', 'state', 'settings', 'quarantined', 'unreadable', 'alert_own']);

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
  ['alert', 'structured'],
  ['paused', 'boolean'],
];

/** Numbers under duration keys back to duration text, at any depth. */
export function durationsAsText(value: unknown, key?: string): unknown {
  if (typeof value === 'number' && key && DURATIONS.has(key)) return formatDuration(value);
  if (Array.isArray(value)) return value.map((v) => durationsAsText(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, durationsAsText(v, k)]));
  return value;
}

/**
 * Of an API monitor that says which alert thresholds it set itself (`alert_own`), only those are
 * its own: the rest of `alert` is inherited from defaults.alert, shown as such and not sent, so a
 * saved form keeps following the defaults. Without `alert_own`, all of `alert` is its own.
 */
export function ownAndInherited(monitor: Pick<Monitor, 'alert'> & { alert_own?: Record<string, unknown> }): {
  own: Record<string, unknown>;
  inherited: Record<string, unknown>;
} {
  const alert = (monitor.alert ?? {}) as Record<string, unknown>;
  if (!monitor.alert_own) return { own: alert, inherited: {} };
  const own = monitor.alert_own;
  return { own, inherited: Object.fromEntries(Object.entries(alert).filter(([key]) => !(key in own))) };
}

export function toDraft(monitor: Monitor, kinds: Record<string, Kind>, nested: Nested = {}): Draft {
  const draft: Draft = {};
  const { own } = ownAndInherited(monitor);
  // The API nests a type's settings under `settings`; the form, like tocsin.yaml, writes them flat.
  for (const [key, found] of [...Object.entries(monitor), ...Object.entries(monitor.settings ?? {})]) {
    const raw = key === 'alert' ? own : found;
    if (NOT_INPUT.has(key) || raw === undefined || raw === null) continue;
    const value = durationsAsText(raw, key);
    const kind = kinds[key] ?? 'json';
    const schema = nested[key];
    if (kind === 'structured' && schema) draft[key] = toForm(schema, value);
    else if (kind === 'boolean') draft[key] = Boolean(value);
    else if (kind === 'list') draft[key] = (value as string[]).join(', ');
    else if (kind === 'json' || kind === 'structured') draft[key] = JSON.stringify(value, null, 2);
    else draft[key] = String(value);
  }
  return draft;
}

/** The body for the API, and the fields whose text could not be read (bad JSON, not a number). */
export function fromDraft(
  draft: Draft,
  kinds: Record<string, Kind>,
  nested: Nested = {},
): { body: Record<string, unknown>; problems: Record<string, string>; paths: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  /** Problems inside structured fields, by their full path. */
  const paths: Record<string, string> = {};
  for (const [key, value] of Object.entries(draft)) {
    const kind = kinds[key];
    if (!kind) continue;
    const schema = nested[key];
    if (kind === 'structured' && schema) {
      const read = fromForm(schema, value, key);
      if (read.value !== undefined) body[key] = read.value;
      Object.assign(paths, read.problems);
      const first = Object.values(read.problems)[0];
      if (first) problems[key] = first;
      continue;
    }
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
    } else if (kind === 'json' || kind === 'structured') {
      try {
        body[key] = JSON.parse(text);
      } catch (error) {
        problems[key] = `expected JSON: ${(error as Error).message}`;
      }
    } else body[key] = text;
  }
  return { body, problems, paths };
}
