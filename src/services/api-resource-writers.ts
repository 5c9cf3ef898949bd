/**
 * The writers behind /api/v1/channels, /escalations, /maintenance and /status-pages: create, replace and delete the
 * API-owned ones. Each validates with the config's own schemas (api-resources.ts) and, for a window, a
 * trial evaluation; has the running pipeline merge the changed set of resources; and only then writes
 * the row and its audit entry (secrets masked) in one transaction. A write that answers an error
 * therefore stores nothing. Ids tocsin.yaml names are read-only here, exactly as for monitors.
 */
import type { Actor } from '../api/auth/access.js';
import { MASK, maskSecrets } from '../channels/mask.js';
import { isSecretKey } from '../channels/secrets.js';
import { windowProblem } from '../core/maintenance.js';
import type { Clock } from '../lib/clock.js';
import { TocsinError } from '../lib/errors.js';
import type { Config } from '../schema/config.js';
import { deleteApiResource, getApiResource, listApiResources, putApiResource, type ApiResourceKind, type ApiResourceRow } from '../store/api-resources.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import {
  configOwnedIds,
  NOUN,
  judgeApiChannel,
  judgeApiEscalation,
  judgeApiMaintenance,
  judgeApiStatusPage,
  storedResource,
  type Judged,
  type StoredApiResource,
} from './api-resources.js';
import { recordAudit } from './audit.js';
import { isRecord } from '../lib/is-record.js';

export interface ResourceWriterDeps {
  db: Db;
  clock: Clock;
  /** The running config (the file's resources and the API's). */
  config(): Config;
  fileConfig(): Config;
  /** Every monitor being checked: a window or page may only name these, a deleted policy must name none of them. */
  monitors(): readonly { id: string; escalation?: string }[];
  /** Merges `resources` (or, without them, what the store holds) into the running config; throws when it cannot. */
  onChanged(resources?: readonly StoredApiResource[]): Promise<void>;
}

const PATH: Record<ApiResourceKind, string> = { channel: 'channels', escalation: 'escalations', maintenance: 'maintenance', status_page: 'status-pages' };

export async function putResource(
  deps: ResourceWriterDeps,
  actor: Actor,
  kind: ApiResourceKind,
  id: string,
  input: unknown,
  mode: 'create' | 'replace',
): Promise<unknown> {
  refuseConfigOwned(deps, kind, id);
  const before = await getApiResource(deps.db, kind, id);
  if (mode === 'create' && before) {
    throw new TocsinError('conflict', `${NOUN[kind]} ${id} exists already; PUT /api/v1/${PATH[kind]}/${id} changes it`, {
      field: 'id',
      expected: `an id no other ${NOUN[kind]} has`,
    });
  }
  if (mode === 'replace' && !before) throw notFound(kind, id);
  // A replaced channel keeps each stored secret the body leaves out or sends back masked.
  // An unreadable row has nothing to keep: the body replaces it whole.
  const definition = kind === 'channel' && before?.ok ? keepSecrets(before.definition, input) : input;
  const judged = judgeFor(deps, kind, id, definition);
  if (!judged.ok) throw new TocsinError('invalid_input', `${NOUN[kind]} ${id}: ${judged.problem}`, { field: judged.field || 'body', expected: judged.problem });
  await applyThenStore(deps, { kind, id, definition }, async (trx) => {
    await putApiResource(trx, kind, id, definition, deps.clock.now());
    await recordAudit(trx, {
      actor,
      action: `${kind}.${before ? 'update' : 'create'}`,
      target: `${kind} ${id}`,
      before: before ? auditedBefore(before) : null,
      after: masked(definition),
      at: deps.clock.now(),
    });
  });
  return judged.value;
}

export async function deleteResource(deps: ResourceWriterDeps, actor: Actor, kind: ApiResourceKind, id: string): Promise<void> {
  refuseConfigOwned(deps, kind, id);
  const before = await getApiResource(deps.db, kind, id);
  if (!before) throw notFound(kind, id);
  if (kind === 'channel') refuseInUse(deps.config(), id);
  if (kind === 'status_page') refuseAnnounced(deps.config(), id);
  const naming = kind === 'escalation' ? deps.monitors().find((m) => m.escalation === id) : undefined;
  if (naming)
    throw new TocsinError('conflict', `escalation policy ${id} routes the alerts of monitor ${naming.id}; give that monitor another policy first`, {
      field: 'id',
      expected: 'a policy no monitor names',
    });
  await applyThenStore(deps, { kind, id, definition: undefined }, async (trx) => {
    await deleteApiResource(trx, kind, id, deps.clock.now());
    await recordAudit(trx, { actor, action: `${kind}.delete`, target: `${kind} ${id}`, before: auditedBefore(before), after: null, at: deps.clock.now() });
  });
}

/** The write in progress per store: each waits for the one before it (see applyThenStore). */
const writing = new WeakMap<Db, Promise<unknown>>();

/**
 * The running pipeline takes the changed set first, so a change it cannot apply is answered 400 with
 * nothing stored; then the row and its audit entry are written, and if that fails the pipeline goes
 * back to what the store holds. One write at a time: the dashboard silences or changes many at once,
 * and a write that read the set before another had stored its row would apply a set without it.
 */
function applyThenStore(
  deps: ResourceWriterDeps,
  change: { kind: ApiResourceKind; id: string; definition: unknown },
  store: (trx: Db) => Promise<void>,
): Promise<void> {
  const previous = writing.get(deps.db) ?? Promise.resolve();
  const next = previous.then(() => applyThenStoreNow(deps, change, store));
  writing.set(
    deps.db,
    next.catch(() => undefined),
  );
  return next;
}

async function applyThenStoreNow(
  deps: ResourceWriterDeps,
  change: { kind: ApiResourceKind; id: string; definition: unknown },
  store: (trx: Db) => Promise<void>,
): Promise<void> {
  const others = (await listApiResources(deps.db)).filter((r) => r.kind !== change.kind || r.id !== change.id).map(storedResource);
  const resources = change.definition === undefined ? others : [...others, change];
  try {
    await deps.onChanged(resources);
  } catch (error) {
    await deps.onChanged().catch(() => undefined);
    const problem = `could not be applied to the running tocsin (${error instanceof Error ? error.message : String(error)}); nothing was changed`;
    throw new TocsinError('invalid_input', `${NOUN[change.kind]} ${change.id} ${problem}`, { field: 'id', expected: problem });
  }
  try {
    await inTransaction(deps.db, store);
  } catch (error) {
    await deps.onChanged().catch(() => undefined);
    throw error;
  }
}

function judgeFor(deps: ResourceWriterDeps, kind: ApiResourceKind, id: string, input: unknown): Judged<unknown> {
  if (kind === 'channel') return judgeApiChannel(input);
  if (kind === 'escalation') return judgeApiEscalation(input, deps.config().channels);
  const known = new Set(deps.monitors().map((m) => m.id));
  if (kind === 'status_page') {
    const judged = judgeApiStatusPage(input);
    if (!judged.ok) return judged;
    if (judged.value.slug !== id)
      return { ok: false, field: 'slug', problem: `slug: expected "${id}" as in the URL, got "${judged.value.slug}"; a page keeps its slug` };
    for (const [index, component] of judged.value.components.entries()) {
      const missing = component.monitors.find((m) => !known.has(m));
      if (missing !== undefined)
        return { ok: false, field: `components[${index}].monitors`, problem: `components[${index}].monitors: no monitor has the id "${missing}"` };
    }
    return judged;
  }
  const judged = judgeApiMaintenance(input);
  if (!judged.ok) return judged;
  const missing = judged.value.monitors.find((m) => !known.has(m));
  if (missing !== undefined) return { ok: false, field: 'monitors', problem: `monitors: no monitor has the id "${missing}"` };
  // The evaluators' own code on the window, now: what is stored is what alerting can use.
  const problem = windowProblem(judged.value, deps.clock.now());
  return problem === undefined ? judged : { ok: false, field: 'schedule', problem: `schedule: ${problem}` };
}

function refuseConfigOwned(deps: ResourceWriterDeps, kind: ApiResourceKind, id: string): void {
  if (configOwnedIds(deps.fileConfig(), kind).has(id)) {
    throw new TocsinError('conflict', `${NOUN[kind]} ${id} is defined in tocsin.yaml; change it there`, {
      field: 'id',
      expected: `a ${NOUN[kind]} created through the API`,
    });
  }
}

/** A channel a policy notifies cannot vanish under it: the policy would page nobody. */
function refuseInUse(config: Config, id: string): void {
  const policy = Object.entries(config.escalations).find(([, steps]) => steps.some((step) => step.notify.includes(id)));
  if (policy)
    throw new TocsinError('conflict', `channel ${id} is notified by escalation policy ${policy[0]}; change that policy first`, {
      field: 'id',
      expected: 'a channel no policy notifies',
    });
  if (config.fallback.includes(id))
    throw new TocsinError('conflict', `channel ${id} is a fallback channel in tocsin.yaml; change it there first`, { field: 'id' });
}

/** A window announced on a page would silently lose its announcement. */
function refuseAnnounced(config: Config, slug: string): void {
  const window = config.maintenance.find((w) => w.announce_on.includes(slug));
  if (window)
    throw new TocsinError('conflict', `status page ${slug} announces maintenance window "${window.name}"; change that window first`, {
      field: 'slug',
      expected: 'a page no window announces on',
    });
}

function notFound(kind: ApiResourceKind, id: string): TocsinError {
  return new TocsinError('not_found', `no ${NOUN[kind]} ${id}`, { field: 'id', expected: `the id of an existing ${NOUN[kind]}` });
}

/** Fills in, from `stored`, each secret `input` omits and each value it sends back masked. */
export function keepSecrets(stored: unknown, input: unknown): unknown {
  if (!isRecord(stored) || !isRecord(input)) return input;
  if ('type' in input && input.type !== stored.type) return input;
  const merged: Record<string, unknown> = { ...input };
  for (const [key, value] of Object.entries(stored)) {
    const sent = input[key];
    if (sent === undefined && isSecretKey(key)) merged[key] = value;
    else if (typeof sent === 'string' && sent.includes(MASK)) merged[key] = value;
    else if (isRecord(sent) && isRecord(value)) merged[key] = keepSecrets(value, sent);
  }
  return merged;
}

/** What the audit entry shows was there before: the definition (secrets masked), or why the stored row could not be read. */
function auditedBefore(row: ApiResourceRow): unknown {
  return row.ok ? masked(row.definition) : { unreadable: row.problem };
}

function masked(definition: unknown): unknown {
  return definition === undefined ? null : maskSecrets(definition, { secretPaths: true });
}
