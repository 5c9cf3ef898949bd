/**
 * Who is on call, for people: now and next per schedule (API, CLI, dashboard), shifts in a range,
 * and the one writer of API overrides (holidays, swaps): validate, insert, audit, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { nextHandoff, onCallAt, shiftsBetween } from '../core/oncall/rota.js';
import type { Rota, Shift } from '../core/oncall/types.js';
import { TocsinError } from '../lib/errors.js';
import type { Config } from '../schema/config.js';
import { MAX_OVERRIDE_DAYS, overrideProblems, rotaOf } from '../schema/schedules.js';
import { didYouMean } from '../schema/suggest.js';
import { deleteOverride, getOverride, insertOverride, listOverrides, type StoredOverride } from '../store/oncall-overrides.js';
import type { Db } from '../store/schema.js';
import { inTransaction } from '../store/tx.js';
import { recordAudit, type AuditActor } from './audit.js';
import { apiOverrides } from './oncall-route.js';

type OncallConfig = Pick<Config, 'people' | 'schedules' | 'oncallOverrides'>;

export interface OnCallPerson {
  person: string;
  name: string;
  /** The layer, or `override`. */
  source: string;
  start: number;
  end: number;
  reason?: string;
}

export interface ScheduleNow {
  id: string;
  name: string;
  time_zone: string;
  now: OnCallPerson | null;
  /** The next hand-off: who takes over (person null when cover stops there), or null when none comes within a year. */
  next: (OnCallPerson & { at: number }) | { at: number; person: null; name: string } | null;
}

/** Overrides older than this are not merged into the running config: they neither page nor show. */
export const OVERRIDE_MEMORY = 35 * 86_400_000;
/** The longest range of shifts one request may ask for. */
export const MAX_RANGE_DAYS = 400;

export function rotaFor(config: OncallConfig, schedule: string): Rota {
  const definition = config.schedules?.[schedule];
  if (!definition) throw new TocsinError('not_found', `no schedule has the id \`${schedule}\`${didYouMean(schedule, Object.keys(config.schedules ?? {}))}`);
  return rotaOf(schedule, definition, apiOverrides(config, schedule));
}

/** Who is on call at `at` and who comes next, per schedule (one schedule when `only` is given). */
export function whoIsOnCall(config: OncallConfig, at: number, only?: string): ScheduleNow[] {
  const ids = only !== undefined ? [only] : Object.keys(config.schedules ?? {});
  return ids.map((id) => {
    const rota = rotaFor(config, id);
    const current = onCallAt(rota, at);
    const handoff = nextHandoff(rota, at);
    const next = handoff && (handoff.to ? { ...personOf(config, handoff.to), at: handoff.at } : { at: handoff.at, person: null, name: 'nobody' });
    return {
      id,
      name: config.schedules?.[id]?.name ?? id,
      time_zone: rota.timeZone,
      now: current ? personOf(config, current) : null,
      next: next ?? null,
    };
  });
}

export function shiftsOf(config: OncallConfig, schedule: string, from: number, to: number): OnCallPerson[] {
  if (to <= from) throw new TocsinError('invalid_input', 'to: expected a time after from', { field: 'to' });
  if (to - from > MAX_RANGE_DAYS * 86_400_000)
    throw new TocsinError('invalid_input', `to: expected at most ${MAX_RANGE_DAYS} days after from`, { field: 'to' });
  return shiftsBetween(rotaFor(config, schedule), from, to).map((s) => personOf(config, s));
}

function personOf(config: OncallConfig, shift: Shift): OnCallPerson {
  return {
    person: shift.person,
    name: config.people?.[shift.person]?.name ?? shift.person,
    source: shift.source,
    start: shift.start,
    end: shift.end,
    ...(shift.reason !== undefined && { reason: shift.reason }),
  };
}

/** The running config with the API's overrides that still matter merged in (the pipeline calls this on every apply). */
export async function withStoredOverrides<C extends Config>(db: Db, config: C, now: number): Promise<C> {
  if (!config.schedules) return config;
  const stored = await listOverrides(db, { since: now - OVERRIDE_MEMORY });
  const known = stored.filter((o) => config.schedules![o.schedule] !== undefined);
  return {
    ...config,
    oncallOverrides: known.map(({ id, schedule, person, start, end, reason }) => ({
      id,
      schedule,
      person,
      start,
      end,
      ...(reason !== undefined && { reason }),
    })),
  };
}

export interface OverrideInput {
  person: string;
  start: number;
  end: number;
  reason?: string | undefined;
}

/** Creates an override: the schedule and person must exist, and it may not overlap another (the file's or the API's). */
export async function createOverride(
  db: Db,
  config: OncallConfig,
  schedule: string,
  input: OverrideInput,
  actor: AuditActor,
  now: number,
): Promise<StoredOverride> {
  const rota = rotaFor(config, schedule);
  if (!config.people?.[input.person]) {
    throw new TocsinError('invalid_input', `person: no person has the id \`${input.person}\`${didYouMean(input.person, Object.keys(config.people ?? {}))}`, {
      field: 'person',
      expected: 'an id from people:',
    });
  }
  if (input.end <= now)
    throw new TocsinError('invalid_input', 'end: expected a time in the future: an override that is over changes nothing', { field: 'end' });
  return inTransaction(db, async (trx) => {
    const others = [...rota.overrides.filter((o) => o.id === 'file'), ...(await listOverrides(trx, { schedule, since: now - OVERRIDE_MEMORY }))];
    const problem = overrideProblems([...others, input]).find((p) => p.index === others.length);
    if (problem) {
      const detail = problem.message.replace(/overrides\[(\d+)\]/, (_all, i: string) => describeOverride(others[Number(i)]!));
      throw new TocsinError(problem.message.startsWith('overlaps') ? 'conflict' : 'invalid_input', `${problem.field}: ${detail}`, {
        field: problem.field,
        ...(problem.field === 'end' && { expected: `after start, at most ${MAX_OVERRIDE_DAYS} days later` }),
      });
    }
    const override: StoredOverride = {
      id: randomUUID(),
      schedule,
      person: input.person,
      start: input.start,
      end: input.end,
      ...(input.reason !== undefined && { reason: input.reason }),
      createdBy: actor.label,
      createdAt: now,
    };
    await insertOverride(trx, override);
    await recordAudit(trx, { actor, action: 'oncall_override.create', target: `schedule ${schedule}`, after: override, at: now });
    return override;
  });
}

export async function removeOverride(db: Db, schedule: string, id: string, actor: AuditActor, now: number): Promise<StoredOverride> {
  return inTransaction(db, async (trx) => {
    const existing = await getOverride(trx, id);
    if (!existing || existing.schedule !== schedule) throw new TocsinError('not_found', `schedule ${schedule} has no API override \`${id}\``);
    await deleteOverride(trx, id);
    await recordAudit(trx, { actor, action: 'oncall_override.delete', target: `schedule ${schedule}`, before: existing, at: now });
    return existing;
  });
}

export { listOverrides };

function describeOverride(o: { person: string; start: number; end: number; id?: string }): string {
  const where = o.id === 'file' ? 'tocsin.yaml' : `API override ${o.id ?? ''}`.trim();
  return `the override of ${o.person} (${where}, ${new Date(o.start).toISOString()} to ${new Date(o.end).toISOString()})`;
}
