/** What GET /api/v1/instances answers (routes/instances.ts). Times are epoch milliseconds. */
import { z } from 'zod';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });

export const instanceSchema = z.strictObject({
  name: z.string().meta({ description: 'The instance name (cluster.instance_name, or hostname-pid)' }),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  started_at: ms(),
  last_seen_at: ms().meta({ description: 'Its latest heartbeat in the store' }),
  stopped_at: ms().nullable().meta({ description: 'Set when it stopped cleanly' }),
  live: z.boolean().meta({ description: 'Seen within cluster.lease_ttl and not stopped' }),
  monitors_held: z.number().int().meta({ description: 'Monitors it holds an unlapsed lease on (checks and alerts)' }),
  monitors_scheduled: z.number().int().meta({ description: 'Polled monitors its engine schedules, as of its latest heartbeat' }),
  jobs: z.array(z.string()).meta({ description: 'Once-per-cluster duties it holds now: housekeeping, backups' }),
  heartbeat_age_ms: z.number().int().meta({ description: 'How long ago its latest heartbeat was, by the clock of the instance that answered' }),
  state: z.enum(['live', 'stopped', 'unreachable']).meta({
    description:
      'live; stopped (it stopped cleanly); unreachable (no heartbeat or lease renewal within cluster.lease_ttl: dead, frozen or cut off from the database)',
  }),
});

export const instancesResponse = z.strictObject({
  cluster: z.boolean().meta({ description: 'Whether this instance runs in cluster mode (cluster.enabled)' }),
  this_instance: z.string().meta({ description: 'The name of the instance that answered' }),
  lease_ttl_ms: z.number().int().nullable().meta({ description: 'cluster.lease_ttl; null outside cluster mode' }),
  instances: z.array(instanceSchema).meta({ description: 'Instances seen in the last 24 hours, live ones first' }),
});
