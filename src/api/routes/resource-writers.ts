/** The writer deps and the body shapes the channel, escalation and maintenance routes share. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { id } from '../../schema/primitives.js';
import type { ResourceWriterDeps } from '../../services/api-resource-writers.js';
import type { ApiDeps } from './deps.js';
import { parseInput } from './route.js';

export const resourceParams = z.strictObject({ id: id() });

export function resourceWriters(deps: ApiDeps): ResourceWriterDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    config: deps.config,
    fileConfig: deps.fileConfig,
    monitors: deps.monitors,
    onChanged: deps.onResourcesChanged,
  };
}

/** Splits `{ id, ...definition }`; the id is checked like a path id, the rest by the config schema. */
export function splitId(body: unknown, fallbackId?: () => string): { id: string; rest: Record<string, unknown> } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new TocsinError('invalid_input', 'body: expected a JSON object', { field: 'body', expected: 'a JSON object' });
  }
  const { id: given, ...rest } = body as Record<string, unknown>;
  const chosen = given === undefined && fallbackId ? fallbackId() : given;
  return { id: parseInput(resourceParams, { id: chosen }, 'body').id, rest };
}

export const newWindowId = (): string => `mw-${randomBytes(4).toString('hex')}`;

/** The same object without `id`, for bodies that carry it beside the definition. */
export function withoutId(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { id: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
}
