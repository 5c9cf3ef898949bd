/** `cluster:`: several `tocsin start` on one PostgreSQL database share the monitors through leases in it. */
import { z } from 'zod';
import { duration } from './primitives.js';

export const clusterSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .prefault(false)
      .meta({
        description:
          'Run as one of several instances on the same PostgreSQL database: each checks and alerts only the monitors it holds a lease on. ' +
          'Off, one tocsin per database (a second start is refused). SQLite cannot be shared: refused there',
      }),
    instance_name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'expected letters, digits, ".", "-" or "_" (at most 63), starting with a letter or digit')
      .optional()
      .meta({
        description: 'This instance\'s name in leases, /healthz, `tocsin status` and the API; unset, "<hostname>-<pid>". Must differ between running instances',
      }),
    lease_ttl: duration()
      .prefault('15s')
      .refine((ms) => ms >= 1000 && ms <= 600_000, 'expected between 1s and 10m')
      .meta({ description: "How long a monitor stays with an instance that stopped renewing: a dead instance's monitors are taken over within it" }),
    renew_every: duration()
      .optional()
      .refine((ms) => ms === undefined || ms >= 200, 'expected at least 200ms')
      .meta({ description: 'How often leases are renewed and the share rebalanced; unset, a quarter of lease_ttl (at most a third of it)' }),
  })
  .refine((c) => c.renew_every === undefined || c.renew_every * 3 <= c.lease_ttl, {
    message: 'renew_every must be at most a third of lease_ttl, or one slow renewal loses every lease',
    path: ['renew_every'],
  })
  .prefault({})
  .meta({ description: 'Several instances on one PostgreSQL database (leases, takeover, one sender per notification)' });

export type ClusterConfig = z.output<typeof clusterSchema>;

/** How often this instance renews and rebalances. */
export function renewEveryOf(cluster: ClusterConfig): number {
  return cluster.renew_every ?? Math.max(200, Math.floor(cluster.lease_ttl / 4));
}
