/**
 * The config file's own schema, run in the browser: the form shows the same problems, in the same
 * words, that tocsin.yaml and the API would report. Loaded lazily with the editor (zod is the
 * largest dependency of the dashboard and only the editor needs it).
 */
import { z } from 'zod';
import { madeByTocsinTypes, monitorSettings, monitorTypes, type MonitorType } from '../../src/checks/schemas.js';
import { friendlyError, issuesToProblems } from '../../src/schema/messages.js';
import { monitorSchema } from '../../src/schema/monitor.js';

export interface FieldSpec {
  key: string;
  kind: 'text' | 'number' | 'boolean' | 'choice' | 'json';
  required: boolean;
  choices?: string[];
  description?: string;
  default?: unknown;
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
  return Object.entries(json.properties ?? {}).map(([key, prop]) => ({
    key,
    required: required.has(key),
    description: prop.description,
    default: prop.default,
    ...kindOf(prop),
  }));
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
