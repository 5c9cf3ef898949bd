/**
 * One monitor as written: the fields every monitor has, flattened together with its type's settings
 * (`url`, `expect` …), discriminated by `type`.
 */
import { z } from 'zod';
import { madeByTocsinTypes, monitorSettings, monitorTypes, type MonitorType } from '../checks/schemas.js';
import { duration, id } from './primitives.js';
import { localCommand, locationsSchema, quorumFits, quorumSchema } from './locations.js';
import { alertOverrideSchema } from './system.js';

const commonShape = {
  id: id().meta({ description: 'Stable identifier, used in URLs, references and /ping/<ping_key>/<id>' }),
  name: z.string().min(1).max(200).optional().meta({ description: 'Shown to people; defaults to the id (dns: the name resolved when there is no query)' }),
  interval: duration().optional().meta({ description: 'How often to run; defaults.interval when absent' }),
  timeout: duration().optional().meta({ description: 'Hard deadline of one run, at most the interval; defaults.timeout when absent' }),
  tags: z.array(z.string().min(1).max(100)).max(50).default([]).meta({ description: 'Free labels, for filtering in the dashboard and the API' }),
  group: z.string().min(1).max(200).optional().meta({ description: 'Groups monitors on the dashboard' }),
  runbook: z.string().min(1).max(2048).optional().meta({ description: 'Path or URL of what to do when it fails; sent with every alert' }),
  depends_on: z.array(id()).max(100).default([]).meta({ description: 'Monitor ids; while one of them is down this monitor does not page' }),
  alert: alertOverrideSchema.optional().meta({ description: 'Overrides parts of defaults.alert' }),
  escalation: id().optional().meta({ description: 'Escalation policy; defaults.escalation when absent' }),
  paused: z.boolean().default(false).meta({ description: 'Not checked and never pages, until unpaused' }),
  locations: locationsSchema.optional().meta({
    description: 'Where the check runs: local (this tocsin) and the locations of probe agents (tocsin agent --location); default [local]',
  }),
  quorum: quorumSchema.optional().meta({
    description: 'With several locations: any (down when any location is down, the default), all, or n (down only when at least n locations agree)',
  }),
};

/** The common fields plus `type`; the settings schema keeps its own refinements (safeExtend). */
function common<T extends string>(type: T) {
  return { type: z.literal(type), ...commonShape };
}

export const commonMonitorKeys = ['type', ...Object.keys(commonShape)];

/** Types tocsin.yaml and the API may define: all but those tocsin makes itself. */
type WrittenType = Exclude<MonitorType, (typeof madeByTocsinTypes)[number]>;
/** Each written type's settings object extended by the common fields, as `safeExtend` types it. */
type Options = {
  [T in WrittenType]: (typeof monitorSettings)[T] extends z.ZodObject<infer Shape, infer Config>
    ? z.ZodObject<z.core.util.Extend<Shape, ReturnType<typeof common<T>>>, Config>
    : never;
};
type MonitorOption = Options[WrittenType];

function option(type: WrittenType): MonitorOption {
  // The index loses the pairing of a type and its schema; safeExtend keeps each schema's own refinements.
  return (monitorSettings[type] as z.ZodObject)
    .safeExtend(common(type))
    .refine(quorumFits, {
      path: ['quorum'],
      message: 'quorum: n needs at least n locations',
    })
    .refine(localCommand, {
      path: ['locations'],
      message: 'an exec monitor runs a command on this machine: its locations can only be [local] (agents run no commands sent to them)',
    }) as unknown as MonitorOption;
}

const madeByTocsin: ReadonlySet<string> = new Set(madeByTocsinTypes);
const writtenTypes = monitorTypes.filter((type): type is WrittenType => !madeByTocsin.has(type));

export const monitorSchema = z.discriminatedUnion('type', writtenTypes.map(option) as [MonitorOption, ...MonitorOption[]]);

/** A monitor as parsed, before defaults and references are resolved. */
export type ParsedMonitor = z.output<typeof monitorSchema>;
