/** tocsin.yaml as JSON Schema, for editors (`# yaml-language-server: $schema=…`) to complete and check. */
import { z } from 'zod';
import { configSchema } from './config.js';

/** `${NAME}` is replaced after the editor has seen the file, so a reference is a valid spelling of any text. */
const ENV_REFERENCE = { type: 'string', pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}' };

/** Describes what people write (durations as "30s"), not what the engine receives (ms). */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    ...allowReferences(generated),
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'tocsin.yaml',
    description: 'Configuration of tocsin: monitors, notification channels, escalation, status pages and maintenance. ${NAME} reads the environment.',
  };
}

/** Every constrained string (pattern, format) also accepts an environment reference. */
function allowReferences(node: unknown): Record<string, unknown> {
  if (typeof node !== 'object' || node === null) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = walk(value);
  if (out.type !== 'string' || (out.pattern === undefined && out.format === undefined)) return out;
  const { description, default: fallback, ...constraint } = out;
  return {
    ...(description !== undefined && { description }),
    ...(fallback !== undefined && { default: fallback }),
    anyOf: [constraint, ENV_REFERENCE],
  };
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  return typeof value === 'object' && value !== null ? allowReferences(value) : value;
}
