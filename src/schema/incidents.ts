/** `incidents:` in tocsin.yaml: which alerts open response incidents, and the post-mortem template. */
import { z } from 'zod';
import type { Severity } from '../core/incident/types.js';
import { duration, id } from './primitives.js';

const rule = z.strictObject({
  monitors: z.array(id()).max(1000).default([]).meta({ description: 'Monitor ids this rule covers; with tags empty too, every monitor' }),
  tags: z.array(z.string().min(1).max(100)).max(100).default([]).meta({ description: 'Monitors with any of these tags are covered' }),
  open_on: z
    .array(z.enum(['down', 'degraded', 'unknown']))
    .min(1)
    .default(['down'])
    .meta({ description: 'Confirmed statuses whose first page opens an incident (or joins one)' }),
  severity: z
    .number()
    .int()
    .min(1)
    .max(4)
    .default(3)
    .transform((n) => n as Severity)
    .meta({ description: 'Severity of the incidents it opens: 1 (SEV1, the worst) to 4' }),
  join_window: duration()
    .prefault('10m')
    .meta({ description: 'Alerts within this time of an open incident’s latest alert join it when they share a dependency root or a tag' }),
});

const wording = (text: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .default(text)
    .meta({ description: `Markdown; {components} is replaced by the affected components. Default: "${text}"` });

/** What the status page says on each state change: written for visitors, never taken from the internal record's notes. */
export const PUBLIC_WORDING: Readonly<Record<'investigating' | 'identified' | 'monitoring' | 'resolved', string>> = {
  investigating: 'We are investigating a problem affecting {components}.',
  identified: 'We have identified the cause of the problem affecting {components} and are working on a fix.',
  monitoring: 'A fix has been put in place for {components}; we are watching the results.',
  resolved: 'The problem affecting {components} is resolved.',
};

const publicWording = z
  .strictObject({
    investigating: wording(PUBLIC_WORDING.investigating),
    identified: wording(PUBLIC_WORDING.identified),
    monitoring: wording(PUBLIC_WORDING.monitoring),
    resolved: wording(PUBLIC_WORDING.resolved),
  })
  .prefault({})
  .meta({ description: 'The public update posted for each state (incidents.public_updates)' });

export const incidentsSchema = z
  .strictObject({
    open: z.array(rule).max(100).default([]).meta({
      description: 'Rules, tried in order: the first that covers a monitor decides whether its alerts open incidents. None: incidents are opened by hand only',
    }),
    postmortem_template: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Path of a Markdown template for post-mortem drafts, with {{placeholders}} (docs/incidents.md); default: the built-in one' }),
    public_updates: z
      .boolean()
      .default(true)
      .meta({ description: "When an incident linked to status page posts changes state, post the state's public wording as an update on each open post" }),
    public_wording: publicWording,
    runbook_dir: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: "Folder the monitors' runbook paths are read from, for the dashboard and the export; default: the config file's folder" }),
  })
  .prefault({})
  .meta({ description: 'Response incidents: opened by alerts or by hand, with timeline, post-mortem and action items' });

export type IncidentsConfig = z.output<typeof incidentsSchema>;
