/**
 * Channels, escalation policies, maintenance windows and status pages stored through the API, as read back:
 * JSON with a schema version (api_resources.definition_version), decoded and validated on read by the
 * config's own schema for the kind. A row that does not decode, or one a newer tocsin wrote, is a problem
 * of that resource alone: the reader reports it and goes on with the others. What decodes is handed on as
 * stored (not as parsed), since writers keep its secrets and the services judge it again against the
 * running config (an escalation's channels must exist).
 */
import type { z } from 'zod';
import { channelSchema } from '../schema/channels.js';
import { escalationPolicySchema } from '../schema/escalations.js';
import { maintenanceSchema } from '../schema/maintenance.js';
import { friendlyError, issuesToProblems } from '../schema/messages.js';
import { statusPageSchema } from '../schema/status-pages.js';

export type ApiResourceKind = 'channel' | 'escalation' | 'maintenance' | 'status_page';

/** Bump when a kind's stored shape changes, and teach `decodeApiResource` the step from the previous one. */
export const API_RESOURCE_DEFINITION_VERSION = 1;

const SCHEMAS: Record<ApiResourceKind, z.ZodType> = {
  channel: channelSchema,
  escalation: escalationPolicySchema,
  maintenance: maintenanceSchema,
  status_page: statusPageSchema,
};

export type DecodedApiResource = { ok: true; definition: unknown } | { ok: false; problem: string };

/** `definition`: the stored JSON text; `kind` and `version` as the row holds them. */
export function decodeApiResource(kind: string, definition: string, version: number): DecodedApiResource {
  const schema = Object.hasOwn(SCHEMAS, kind) ? SCHEMAS[kind as ApiResourceKind] : undefined;
  if (!schema) return { ok: false, problem: `stored kind "${kind}" is not one this tocsin knows (${Object.keys(SCHEMAS).join(', ')})` };
  if (!Number.isInteger(version) || version < 1) {
    return { ok: false, problem: `stored definition has version ${version}, which no tocsin writes (versions start at 1)` };
  }
  if (version > API_RESOURCE_DEFINITION_VERSION) {
    return {
      ok: false,
      problem: `stored definition has version ${version}, written by a newer tocsin (this one reads up to ${API_RESOURCE_DEFINITION_VERSION})`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(definition);
  } catch (error) {
    return { ok: false, problem: `stored definition is not JSON (${(error as Error).message})` };
  }
  // Said as the API says it when refusing the same definition (services/api-resources.ts): the field, then what is wrong.
  const parsed = schema.safeParse(value, { error: friendlyError });
  if (!parsed.success) {
    const first = issuesToProblems(parsed.error.issues)[0];
    return { ok: false, problem: `${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'invalid'}` };
  }
  return { ok: true, definition: value };
}
