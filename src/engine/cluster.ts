/**
 * Cluster membership: several instances on one PostgreSQL database share the monitors through
 * leases in it (store/leases.ts). Every turn (renew_every) this instance renews what it holds, hands
 * back what is over an even share of the live instances, claims free or lapsed monitors up to that
 * share, and tells the pipeline what it now holds. Leases that are not monitors ("~<duty>") name the
 * instance that runs each once-per-cluster duty (DUTIES): claimed and renewed in the same turn, so a
 * dead holder's duty is taken over within lease_ttl like its monitors.
 *
 * Leases are written to lapse 1.5 × `renew_every` before lease_ttl: the others look once per turn,
 * so a dead instance's monitors are claimed within lease_ttl − renew_every / 2 of its last renewal,
 * which leaves the new holder half a turn to start them within lease_ttl.
 */
import { assignDuties, planLeaseTurn } from '../core/cluster/lease-turn.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { JOB_PREFIX, liveInstanceNames, PRESENCE_PREFIX } from '../store/cluster.js';
import { claimLeases, releaseLeases, renewLeases } from '../store/leases.js';
import type { Db } from '../store/schema.js';

/**
 * What one instance of a cluster does for all of them. Each is a lease of its own, so the question
 * "do I hold duty X now?" is answered by the database, not by the instances agreeing.
 * - housekeeping: retention, roll-ups, purging;
 * - backups: the scheduled `backup:` (one file per `every` for the cluster, not one per instance).
 */
export const DUTIES = ['housekeeping', 'backups'] as const;
export type Duty = (typeof DUTIES)[number];

const dutyLease = (duty: Duty) => `${JOB_PREFIX}${duty}`;
export const HOUSEKEEPING_JOB = dutyLease('housekeeping');

export interface ClusterDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** This instance's name: the leases' holder. */
  name: string;
  leaseTtlMs: number;
  renewEveryMs: number;
  /** Every monitor id to share now. */
  monitors(): readonly string[];
  /** The held set changed: run what was gained (its state read from the store), stop what was lost. */
  onHeld(held: ReadonlySet<string>, gained: readonly string[], lost: readonly string[]): Promise<void>;
  /** After each turn that renewed the leases: work that reads what the other instances wrote (bounded). */
  onTurn?(): Promise<void>;
}

export interface ClusterView {
  name: string;
  leaseTtlMs: number;
  renewEveryMs: number;
  held: number;
  housekeeping: boolean;
  /** The duties this instance holds now. */
  duties: Duty[];
  liveInstances: number;
  lastTurnAt: number | null;
  lastError: string | null;
}

export class ClusterMembership {
  private held = new Set<string>();
  private duties = new Set<Duty>();
  private live = 1;
  private timer: NodeJS.Timeout | undefined;
  private turning: Promise<void> | undefined;
  private stopped = false;
  private lastRenewedAt: number | undefined;
  private lastTurnAt: number | null = null;
  private lastError: string | null = null;

  constructor(private readonly deps: ClusterDeps) {}

  /** This instance's presence lease: the others count it live while it holds this. */
  private get presence(): string {
    return `${PRESENCE_PREFIX}${this.deps.name}`;
  }

  /** How long a written lease lasts: short enough that the others' next look, and the start of the checks, fall within lease_ttl. */
  get writtenTtl(): number {
    return this.deps.leaseTtlMs - Math.ceil(1.5 * this.deps.renewEveryMs);
  }

  /** The first turn (this instance's share, or all of it when alone), then one every renew_every. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.turn();
    this.timer = setInterval(() => void this.turn(), this.deps.renewEveryMs);
    this.timer.unref();
  }

  /** Hands every lease back, so the others take over at their next turn rather than after lease_ttl. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.turning;
    const all = [...this.held, ...[...this.duties].map(dutyLease), this.presence];
    this.held = new Set();
    this.duties = new Set();
    try {
      await releaseLeases(this.deps.db, this.deps.name, all);
    } catch (error) {
      this.deps.logger.warn(`could not hand leases back (they lapse within lease_ttl): ${(error as Error).message}`);
    }
  }

  /**
   * Whether the leases renewed at the last turn still run, by this instance's own clock. A starved
   * machine can bring a turn late; past the written lease another instance may have claimed the
   * monitors, so until the late turn renews them this instance neither judges them nor runs duties.
   */
  leaseValid(): boolean {
    return this.lastRenewedAt !== undefined && this.deps.clock.now() - this.lastRenewedAt < this.writtenTtl;
  }

  holds(id: string): boolean {
    return this.held.has(id) && this.leaseValid();
  }

  heldIds(): ReadonlySet<string> {
    return this.held;
  }

  /** Whether this instance runs `duty` for the cluster now (as of its last turn). */
  holdsDuty(duty: Duty): boolean {
    return this.duties.has(duty) && this.leaseValid();
  }

  /** Whether this instance runs housekeeping now. */
  leads(): boolean {
    return this.holdsDuty('housekeeping');
  }

  view(): ClusterView {
    return {
      name: this.deps.name,
      leaseTtlMs: this.deps.leaseTtlMs,
      renewEveryMs: this.deps.renewEveryMs,
      held: this.held.size,
      housekeeping: this.duties.has('housekeeping'),
      duties: [...this.duties],
      liveInstances: this.live,
      lastTurnAt: this.lastTurnAt,
      lastError: this.lastError,
    };
  }

  /** One turn; a turn still running when the next is due is not doubled. Tests call it directly. */
  turn(): Promise<void> {
    if (this.turning) return this.turning;
    this.turning = this.step().finally(() => (this.turning = undefined));
    return this.turning;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    const { db, clock, logger, name } = this.deps;
    const now = clock.now();
    const terms = { holder: name, now, ttlMs: this.writtenTtl };
    let next: Set<string>;
    try {
      const monitors = this.deps.monitors();
      const renewed = await renewLeases(db, terms);
      this.lastRenewedAt = now;
      const renewedSet = new Set(renewed);
      // Present first, so the others count this instance in their share from their next turn.
      if (!renewedSet.has(this.presence)) await claimLeases(db, terms, [this.presence], 1);
      const live = await liveInstanceNames(db, now);
      this.live = Math.max(1, live.length + (live.includes(name) ? 0 : 1));
      const plan = planLeaseTurn({ holder: name, monitors, held: renewed.filter((id) => !id.startsWith(JOB_PREFIX)), liveInstances: this.live });
      if (plan.release.length > 0) await releaseLeases(db, name, plan.release);
      const got = await claimLeases(db, terms, plan.claimOrder, plan.claimLimit);
      // Duties spread over the live instances: each hands back what another is now assigned, and claims
      // what it is assigned (one claim: each read of the lease table costs at 30,000 monitors).
      const owners = assignDuties(DUTIES, live.includes(name) ? live : [...live, name]);
      const handBack = DUTIES.filter((duty) => renewedSet.has(dutyLease(duty)) && owners.get(duty) !== name);
      if (handBack.length > 0) await releaseLeases(db, name, handBack.map(dutyLease));
      const wanted = DUTIES.filter((duty) => !renewedSet.has(dutyLease(duty)) && owners.get(duty) === name);
      const claimed = new Set(await claimLeases(db, terms, wanted.map(dutyLease), wanted.length));
      this.duties = new Set(DUTIES.filter((duty) => (renewedSet.has(dutyLease(duty)) && owners.get(duty) === name) || claimed.has(dutyLease(duty))));
      const released = new Set(plan.release);
      next = new Set([...renewed.filter((id) => !id.startsWith(JOB_PREFIX) && !released.has(id)), ...got]);
      if (this.lastError) logger.info('cluster leases renewed again');
      this.lastError = null;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.lastError) logger.error(`cluster turn failed (leases not renewed): ${message}`);
      this.lastError = message;
      // Past the written lease another instance may hold them: stop checking rather than check twice.
      if (this.lastRenewedAt !== undefined && now - this.lastRenewedAt < this.writtenTtl) return;
      next = new Set();
      this.duties = new Set();
    }
    this.lastTurnAt = now;
    if (this.stopped) return;
    await this.apply(next);
    if (this.lastError !== null || this.stopped || !this.deps.onTurn) return;
    try {
      await this.deps.onTurn();
    } catch (error) {
      logger.warn(`reading what the other instances wrote failed (tried again next turn): ${(error as Error).message}`);
    }
  }

  private async apply(next: Set<string>): Promise<void> {
    const { logger, name } = this.deps;
    const gained = [...next].filter((id) => !this.held.has(id));
    const lost = [...this.held].filter((id) => !next.has(id));
    this.held = next;
    if (gained.length === 0 && lost.length === 0) return;
    logger.info(
      { held: next.size, gained: gained.length, lost: lost.length, live: this.live },
      `cluster: ${name} holds ${next.size} monitors (+${gained.length} −${lost.length})`,
    );
    try {
      await this.deps.onHeld(next, gained, lost);
    } catch (error) {
      logger.error(`applying the held monitors failed: ${(error as Error).message}`);
    }
  }
}
