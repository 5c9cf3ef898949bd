/**
 * What one instance does with its leases each turn, when several share a database: keep an even
 * share of the monitors, hand back what is over it so a newcomer can take it, and try the monitors
 * in an order of its own so instances claiming at once rarely reach for the same rows. Pure.
 */
import { createHash } from 'node:crypto';

/** An even share of `monitors` among `liveInstances` (at least this one), rounded up so every monitor has room. */
export function fairShare(monitors: number, liveInstances: number): number {
  return Math.ceil(monitors / Math.max(1, liveInstances));
}

export interface LeaseTurn {
  /** Held leases to give back: monitors no longer configured, then whatever is over the share. */
  release: string[];
  /** How many more this instance may claim. */
  claimLimit: number;
  /** Monitors nobody should be missing, in this instance's order of trying. */
  claimOrder: string[];
}

export function planLeaseTurn(input: { holder: string; monitors: readonly string[]; held: readonly string[]; liveInstances: number }): LeaseTurn {
  const wanted = new Set(input.monitors);
  const gone = input.held.filter((id) => !wanted.has(id));
  const kept = byRank(
    input.holder,
    input.held.filter((id) => wanted.has(id)),
  );
  const share = fairShare(wanted.size, input.liveInstances);
  const over = kept.slice(share);
  const heldSet = new Set(input.held);
  return {
    release: [...gone, ...over],
    claimLimit: Math.max(0, share - kept.length),
    claimOrder: byRank(
      input.holder,
      input.monitors.filter((id) => !heldSet.has(id)),
    ),
  };
}

/**
 * Which live instance runs each once-per-cluster duty: in order, each duty goes to the instance that
 * ranks it best (rendezvous, as monitors) among those not given one yet, so duties spread over the
 * instances while there are enough of them, and each moves only when the live set changes. Every
 * instance computes the same answer from the same live set.
 */
export function assignDuties(duties: readonly string[], live: readonly string[]): Map<string, string> {
  const owners = new Map<string, string>();
  const busy = new Set<string>();
  for (const duty of duties) {
    const free = live.filter((name) => !busy.has(name));
    const candidates = free.length > 0 ? free : live;
    const best = candidates.map((name) => ({ name, r: rankOf(name, `~${duty}`) })).sort((a, b) => a.r - b.r || (a.name < b.name ? -1 : 1))[0];
    if (!best) continue;
    owners.set(duty, best.name);
    busy.add(best.name);
  }
  return owners;
}

const rankOf = (holder: string, id: string) => createHash('sha1').update(holder).update('\0').update(id).digest().readUInt32BE(0);

/**
 * Rendezvous order: each instance ranks monitors by a hash of its name and the monitor's id. It
 * keeps its best-ranked and claims in rank order, so instances prefer different monitors, and a
 * monitor handed back by one is most likely the one another ranks high.
 */
function byRank(holder: string, ids: readonly string[]): string[] {
  return ids
    .map((id) => ({ id, r: rankOf(holder, id) }))
    .sort((a, b) => a.r - b.r || (a.id < b.id ? -1 : 1))
    .map((x) => x.id);
}
