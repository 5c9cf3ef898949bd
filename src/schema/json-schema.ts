/**
 * JSON Schema from the zod schemas: tocsin.yaml for editors, and the API's requests and answers for
 * the OpenAPI document. One generator, so the file, the API and its document cannot disagree.
 */
import { z } from 'zod';
import { configSchema } from './config.js';
import { duration, size } from './primitives.js';

type JsonSchema = Record<string, unknown>;

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

/** What a client sends to the API: the input side, durations as "30s". */
export function requestJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return rest;
}

/**
 * What the API answers, as components named `name`, each `$ref`-ing the others by
 * `#/components/schemas/<name>` so a monitor is described once however many answers carry it.
 */
export function responseJsonSchemas(named: ReadonlyMap<string, z.ZodType>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ zodSchema, jsonSchema }) => describeTransformOutput(zodSchema, jsonSchema),
  });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // The uri above already names it; a fragment-only $id is not valid JSON Schema.
    const { $schema: _ignored, $id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

/** The patterns primitives.ts gives durations and sizes, by the unit they are parsed to. */
const PARSED_UNITS = new Map([
  [patternOf(duration()), 'milliseconds'],
  [patternOf(size()), 'bytes'],
]);

function patternOf(schema: z.ZodType): unknown {
  return (schema.meta() as { pattern?: unknown } | undefined)?.pattern;
}

/**
 * A duration or size parsed by a transform has no output type zod can name; its answer is a number
 * (ms or bytes), so the input's pattern would mislead. Recognised by the pattern primitives.ts gives them.
 */
function describeTransformOutput(zodSchema: z.core.$ZodType, jsonSchema: z.core.JSONSchema.BaseSchema): void {
  const def = zodSchema._zod.def as { type: string; out?: z.core.$ZodType };
  if (def.type !== 'pipe' || def.out?._zod.def.type !== 'transform') return;
  const unit = PARSED_UNITS.get(jsonSchema.pattern);
  if (!unit) return;
  delete jsonSchema.pattern;
  jsonSchema.type = 'number';
  jsonSchema.description = `${typeof jsonSchema.description === 'string' ? `${jsonSchema.description}; ` : ''}in ${unit}`;
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
