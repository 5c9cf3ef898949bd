/**
 * The config file's own schema, run in the browser: the form shows the same problems, in the same
 * words, that tocsin.yaml and the API would report. Loaded lazily with the editor (zod is the
 * largest dependency of the dashboard and only the editor needs it).
 */
import { z } from 'zod';
import { madeByTocsinTypes, monitorSettings, monitorTypes, type MonitorType } from '../../src/checks/schemas.js';
import { friendlyError, issuesToProblems } from '../../src/schema/messages.js';
import { monitorSchema } from '../../src/schema/monitor.js';
import { alertOverrideSchema } from '../../src/schema/system.js';
import { isStructured, type JsonSchema } from './structured.js';
import { channelSchema, channelTypes } from '../../src/schema/channels.js';

export interface FieldSpec {
  key: string;
  kind: 'text' | 'number' | 'boolean' | 'choice' | 'json' | 'structured';
  required: boolean;
  choices?: string[];
  description?: string;
  default?: unknown;
  /** kind 'structured': the JSON Schema its fields are made from. */
  schema?: JsonSchema;
}

/** Field path → message, for inline errors. */
export function validateMonitor(draft: unknown): Record<string, string> {
  const result = monitorSchema.safeParse(draft, { error: friendlyError });
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const p of issuesToProblems(result.error.issues)) {
    const key = String(p.at[0] ?? '');
    out[key] ??= p.at.length > 1 ? `${p.path}: ${p.message}` : p.message;
  }
  return out;
}

/** Every problem by its full path ("expect.status[0]"), for fields inside fields. */
export function monitorProblemPaths(draft: unknown): Record<string, string> {
  const result = monitorSchema.safeParse(draft, { error: friendlyError });
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const p of issuesToProblems(result.error.issues)) out[p.path] ??= p.message;
  return out;
}

/** The monitor's `alert:` override as fields: thresholds, reminders, flapping. */
export const alertJsonSchema = z.toJSONSchema(alertOverrideSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

interface JsonProp {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
}

/** The settings of one monitor type as form fields, generated from its schema. */
export function settingsFields(type: MonitorType): FieldSpec[] {
  const json = z.toJSONSchema(monitorSettings[type], { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProp>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([key, prop]) => {
    const kind = kindOf(prop);
    const nested = kind.kind === 'json' && isStructured(prop);
    return {
      key,
      required: required.has(key),
      description: prop.description,
      default: prop.default,
      ...(nested ? { kind: 'structured' as const, schema: prop } : kind),
    };
  });
}

function kindOf(prop: JsonProp): Pick<FieldSpec, 'kind' | 'choices'> {
  if (prop.enum && prop.enum.every((v) => typeof v === 'string')) return { kind: 'choice', choices: prop.enum };
  const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
  if (type === 'string') return { kind: 'text' };
  if (type === 'number' || type === 'integer') return { kind: 'number' };
  if (type === 'boolean') return { kind: 'boolean' };
  return { kind: 'json' };
}

const madeByTocsin: ReadonlySet<string> = new Set(madeByTocsinTypes);

/** What the API accepts: not exec (tocsin.yaml only), nor the self and inbound types tocsin makes itself. */
export const editableTypes = monitorTypes.filter((t) => t !== 'exec' && !madeByTocsin.has(t));

/** One input of the channel form; `list`: comma-separated in the form, an array in the body. */
export interface ChannelField {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  list?: boolean;
  /** Sent as a number. */
  number?: boolean;
  options?: string[];
  description?: string;
}

/**
 * Field names the API masks on read (src/channels/secrets.ts, which needs Node's Buffer and so
 * cannot load here): their inputs are write-only password boxes.
 */
const isSecretKey = (key: string) => /pass|secret|token|key|authorization|cookie|credential/i.test(key) || key === 'user';

/** Every channel type the API can create: command channels run programs on the host and stay in tocsin.yaml. */
export const formChannelTypes: string[] = channelTypes.filter((t) => t !== 'command');

/** The fields of one channel type, from the shared schema: strings, numbers, choices and lists of strings. */
export function channelFields(type: string): ChannelField[] {
  const option = channelSchema.options.find((o) => o.shape.type.value === type);
  if (!option) return [];
  const json = z.toJSONSchema(option, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonProp & { items?: JsonProp }>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  const out: ChannelField[] = [];
  for (const [key, prop] of Object.entries(json.properties ?? {})) {
    if (key === 'type') continue;
    const kind = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
    const list = kind === 'array' && prop.items?.type === 'string';
    // Objects (headers) are carried as read; the form has no input for them.
    if (!list && kind !== 'string' && kind !== 'number' && kind !== 'integer' && !prop.enum) continue;
    out.push({
      key,
      label: key.replaceAll('_', ' '),
      ...(isSecretKey(key) && { secret: true }),
      ...(!required.has(key) && { optional: true }),
      ...(list && { list: true }),
      ...((kind === 'number' || kind === 'integer') && { number: true }),
      ...(prop.enum?.every((v) => typeof v === 'string') && { options: prop.enum }),
      ...(prop.description && { description: prop.description }),
    });
  }
  return out;
}
