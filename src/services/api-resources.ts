/**
 * Channels, escalation policies, maintenance windows and status pages created through the API, merged into the
 * config the pipeline runs. Pure: the stored definitions are validated by the config's own schemas,
 * tocsin.yaml wins every id clash (the file stays the one truth for what it names), and a stored
 * definition that no longer fits (its channel was removed from the file) is skipped and reported.
 */
import type { z } from 'zod';
import { channelFileOnly } from '../channels/registry.js';
import { channelSchema, type ChannelConfig } from '../schema/channels.js';
import type { Config } from '../schema/config.js';
import { escalationPolicySchema, type EscalationStep } from '../schema/escalations.js';
import { maintenanceSchema, type MaintenanceConfig } from '../schema/maintenance.js';
import { friendlyError, issuesToProblems } from '../schema/messages.js';
import { statusPageSchema, type StatusPageConfig } from '../schema/status-pages.js';
import type { ApiResourceKind, ApiResourceRow } from '../store/api-resources.js';

export interface StoredApiResource {
  kind: ApiResourceKind;
  id: string;
  /** The stored definition, as it decoded; undefined when it did not. */
  definition: unknown;
  /** Why the stored row could not be read (store/api-resource-codec.ts): the merge skips it and reports this. */
  problem?: string;
}

/** A row as the merge takes it: an unreadable one keeps its id and why, so that it is reported, never used. */
export function storedResource(row: ApiResourceRow): StoredApiResource {
  return row.ok ? { kind: row.kind, id: row.id, definition: row.definition } : { kind: row.kind, id: row.id, definition: undefined, problem: row.problem };
}

/** What a person calls each kind, in messages. */
export const NOUN: Record<ApiResourceKind, string> = {
  channel: 'channel',
  escalation: 'escalation policy',
  maintenance: 'maintenance window',
  status_page: 'status page',
};

export type Judged<T> = { ok: true; value: T } | { ok: false; problem: string; field: string };

function judge<T>(schema: z.ZodType<T>, input: unknown): Judged<T> {
  const result = schema.safeParse(input, { error: friendlyError });
  if (result.success) return { ok: true, value: result.data };
  const first = issuesToProblems(result.error.issues)[0];
  return { ok: false, field: first?.path ?? '', problem: `${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'invalid'}` };
}

/** A channel as the API accepts it: the config's schema, but none its channel keeps to tocsin.yaml (channels/registry.ts). */
export function judgeApiChannel(input: unknown): Judged<ChannelConfig> {
  const result = judge(channelSchema, input);
  const fileOnly = result.ok ? channelFileOnly(result.value) : undefined;
  if (fileOnly) return { ok: false, field: fileOnly.field, problem: `${fileOnly.field}: ${fileOnly.message}` };
  return result;
}

/** A policy whose every step names a channel that exists in `channels`. */
export function judgeApiEscalation(input: unknown, channels: Readonly<Record<string, unknown>>): Judged<EscalationStep[]> {
  const result = judge(escalationPolicySchema, input);
  if (!result.ok) return result;
  for (const [index, step] of result.value.entries()) {
    const missing = step.notify.find((name) => !(name in channels));
    if (missing !== undefined) {
      return {
        ok: false,
        field: `[${index}].notify`,
        problem: `[${index}].notify: no channel "${missing}"; expected one of ${Object.keys(channels).join(', ') || '(no channels defined)'}`,
      };
    }
  }
  return result;
}

export function judgeApiMaintenance(input: unknown): Judged<MaintenanceConfig> {
  return judge(maintenanceSchema, input);
}

/** A status page by the config's schema; that its components name monitors is checked on write (api-resource-writers.ts). */
export function judgeApiStatusPage(input: unknown): Judged<StatusPageConfig> {
  return judge(statusPageSchema, input);
}

/** Ids tocsin.yaml owns, per kind: the API may not create, change or delete these. */
export function configOwnedIds(config: Config, kind: ApiResourceKind): Set<string> {
  if (kind === 'channel') return new Set(Object.keys(config.channels));
  // `fallback` is the reserved key of the escalations mapping, never a policy name.
  if (kind === 'escalation') return new Set([...Object.keys(config.escalations), 'fallback']);
  if (kind === 'status_page') return new Set(config.status_pages.map((p) => p.slug));
  return new Set(config.maintenance.map((w) => w.name));
}

export function mergeApiResources(
  config: Config,
  stored: readonly StoredApiResource[],
  onSkip: (resource: StoredApiResource, problem: string) => void = () => {},
): Config {
  // A row that did not decode is reported with why, like an unreadable stored monitor, and left out.
  const of = (kind: ApiResourceKind) =>
    stored.filter((r) => {
      if (r.kind !== kind || configOwnedIds(config, kind).has(r.id)) return false;
      if (r.problem !== undefined) onSkip(r, r.problem);
      return r.problem === undefined;
    });
  const channels = { ...config.channels };
  for (const resource of of('channel')) {
    const judged = judgeApiChannel(resource.definition);
    if (judged.ok) channels[resource.id] = judged.value;
    else onSkip(resource, judged.problem);
  }
  const escalations = { ...config.escalations };
  for (const resource of of('escalation')) {
    const judged = judgeApiEscalation(resource.definition, channels);
    if (judged.ok) escalations[resource.id] = judged.value;
    else onSkip(resource, judged.problem);
  }
  const maintenance = [...config.maintenance];
  for (const resource of of('maintenance')) {
    const judged = judgeApiMaintenance(resource.definition);
    if (judged.ok) maintenance.push(judged.value);
    else onSkip(resource, judged.problem);
  }
  const statusPages = [...config.status_pages];
  for (const resource of of('status_page')) {
    const judged = judgeApiStatusPage(resource.definition);
    // The row's id is the slug the API was asked for; a definition saying otherwise is not to be trusted.
    if (judged.ok && judged.value.slug === resource.id) statusPages.push(judged.value);
    else onSkip(resource, judged.ok ? `slug: expected "${resource.id}", got "${judged.value.slug}"` : judged.problem);
  }
  return { ...config, channels, escalations, maintenance, status_pages: statusPages };
}
