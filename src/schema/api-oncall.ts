/** What the API answers about who is on call (routes/oncall.ts). Times as ISO 8601 strings unless said. */
import { z } from 'zod';

const iso = () => z.string().meta({ description: 'ISO 8601, UTC' });

const onCall = z.strictObject({
  person: z.string().meta({ description: 'Person id' }),
  name: z.string(),
  source: z.string().meta({ description: 'The layer, or `override`' }),
  start: iso(),
  end: iso(),
  reason: z.string().optional(),
});

const scheduleNow = z.strictObject({
  id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  now: onCall.nullable().meta({ description: 'Null: nobody is on call' }),
  next: z
    .union([onCall.extend({ at: iso() }), z.strictObject({ at: iso(), person: z.null(), name: z.string() })])
    .nullable()
    .meta({ description: 'The next hand-off (person null: cover stops then); null when none comes within a year' }),
});

export const oncallResponse = z.strictObject({ at: iso(), schedules: z.array(scheduleNow) });

export const schedulesResponse = z.strictObject({
  schedules: z.record(z.string(), z.looseObject({ time_zone: z.string() })).meta({ description: 'As tocsin.yaml defines them, override times in epoch ms' }),
  people: z.record(z.string(), z.looseObject({ channels: z.array(z.string()) })),
  api_overrides: z.array(z.looseObject({ schedule: z.string(), person: z.string(), start: z.number(), end: z.number() })),
});

export const shiftsResponse = z.strictObject({ schedule: z.string(), shifts: z.array(onCall) });

const override = z.strictObject({
  source: z.enum(['config', 'api']),
  id: z.string().nullable().meta({ description: "The API's overrides only: what DELETE takes" }),
  schedule: z.string().optional(),
  person: z.string(),
  start: iso(),
  end: iso(),
  reason: z.string().optional(),
  createdBy: z.string().optional(),
  createdAt: z.number().optional().meta({ description: 'Epoch milliseconds' }),
});

export const overridesResponse = z.strictObject({ overrides: z.array(override) });
export const overrideResponse = z.strictObject({ override });
export const calendarPathResponse = z.strictObject({ path: z.string().meta({ description: 'The feed, token included: add it to the base URL' }) });
