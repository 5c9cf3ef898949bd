/**
 * depends_on, seen from both ends: which upstreams block a monitor's alerts, and which dependants
 * an upstream's alert should mention so the root cause pages once and names what it took down.
 */
import type { ConfirmedStatus } from '../types.js';

type States = Readonly<Record<string, { status: ConfirmedStatus } | undefined>>;
type DependsOn = Readonly<Record<string, readonly string[] | undefined>>;

/** The monitor's direct upstreams that are down now: the `down` list of an upstream input. */
export function blockingUpstreams(monitorId: string, dependsOn: DependsOn, states: States): string[] {
  const upstreams = dependsOn[monitorId] ?? [];
  return [...new Set(upstreams)].filter((id) => states[id]?.status === 'down').sort();
}

/**
 * Dependants (direct or through other failing dependants) that are not up now. A dependant that is
 * up breaks the chain: what fails behind it is not this monitor's doing.
 */
export function affectedDependants(monitorId: string, dependsOn: DependsOn, states: States): string[] {
  const found = new Set<string>();
  const queue = [monitorId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const dependant of directDependants(id, dependsOn)) {
      const status = states[dependant]?.status;
      if (dependant === monitorId || found.has(dependant) || status === undefined || status === 'up' || status === 'pending') continue;
      found.add(dependant);
      queue.push(dependant);
    }
  }
  return [...found].sort();
}

function directDependants(id: string, dependsOn: DependsOn): string[] {
  return Object.keys(dependsOn).filter((candidate) => dependsOn[candidate]?.includes(id));
}
