/**
 * One lane per channel: what is claimed, queued and in flight there, and the channel's circuit. A
 * channel without a rate limit claims a batch and sends it `concurrency` at a time (a claim per
 * notification would cost more than the sending); a rate-limited one claims everything due when
 * its next slot comes and sends it as one message, a digest when there are several. A channel
 * whose attempts keep failing gets one probe at a time (delivery-circuit.ts) until one succeeds.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelConfig } from '../channels/types.js';
import { claimDue, releaseClaims, type OutboxRow, type UnreadableOutboxRow } from '../store/outbox.js';
import type { Db } from '../store/schema.js';
import { afterAttempt, closedCircuit, gate, probing, type AttemptOutcome, type Circuit, type CircuitPolicy } from './delivery-circuit.js';
import { rateRule, type RateRule } from './rate-limit.js';

interface Lane {
  queue: OutboxRow[];
  active: number;
  circuit: Circuit;
}

export interface LaneOptions {
  leaseMs: number;
  concurrency: number;
  claimBatch: number;
  digestMax: number;
  circuit: CircuitPolicy;
  random: () => number;
}

/** Sends the rows as one message and records the outcome; the lanes only decide when. Undefined: the outcome is not known. */
export type Attempt = (channel: string, config: ChannelConfig, rows: OutboxRow[]) => Promise<AttemptOutcome | undefined>;

/** A probe takes the oldest kept row whatever its own retry time: the circuit, not the row, decides when. */
const ANY_TIME = Number.MAX_SAFE_INTEGER;

export class Lanes {
  private readonly lanes = new Map<string, Lane>();
  /** Per rate key: the earliest time the next message may go. */
  private readonly nextAllowed = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly options: LaneOptions,
    private readonly attempt: Attempt,
    /** Called when an attempt ends: the lane may want more rows. */
    private readonly onIdle: () => void,
    private readonly now: () => number,
    /** Claimed rows whose stored payload did not decode: the store gave them up; this tells someone. */
    private readonly onUnreadable: (rows: UnreadableOutboxRow[]) => void = () => undefined,
  ) {}

  /** Claims and starts what this channel may send now; returns when to look again, if waiting for a rate slot or a probe. */
  async dispatch(channel: string, config: ChannelConfig, now: number): Promise<number | undefined> {
    const lane = this.lane(channel);
    const admitted = gate(lane.circuit, now);
    if (admitted.admit === 'none') return admitted.until;
    const rule = rateRule(channel, config);
    if (admitted.admit === 'probe') return this.probe(channel, config, lane, rule, now);
    if (!rule) {
      // Refill at half: claims stay rare and the pool never runs dry while a claim is pending.
      const held = lane.queue.length + lane.active;
      if (held <= this.options.claimBatch / 2) lane.queue.push(...(await this.claim(channel, now, this.options.claimBatch - held)));
      this.pump(channel, config, lane);
      return undefined;
    }
    return this.sendRated(channel, config, lane, rule, now, now);
  }

  inFlight(): Promise<void>[] {
    return [...this.running];
  }

  /** Hands queued (not yet started) rows back, so another worker need not wait for their lease. */
  async release(now: number): Promise<void> {
    const ids = [...this.lanes.values()].flatMap((lane) => lane.queue.splice(0).map((row) => row.id));
    await releaseClaims(this.db, ids, now);
  }

  private lane(channel: string): Lane {
    let lane = this.lanes.get(channel);
    if (!lane) this.lanes.set(channel, (lane = { queue: [], active: 0, circuit: closedCircuit }));
    return lane;
  }

  /** Once the outcomes in flight are in: the oldest kept row, or on a rate-limited channel everything kept as one digest. */
  private async probe(channel: string, config: ChannelConfig, lane: Lane, rule: RateRule | undefined, now: number): Promise<number | undefined> {
    if (rule) return this.sendRated(channel, config, lane, rule, now, ANY_TIME);
    if (lane.active > 0) return undefined;
    const rows = await this.claim(channel, now, 1, ANY_TIME);
    if (rows.length === 0) return undefined;
    lane.circuit = probing(lane.circuit);
    this.start(channel, config, rows, lane);
    return undefined;
  }

  private async sendRated(channel: string, config: ChannelConfig, lane: Lane, rule: RateRule, now: number, dueBy: number): Promise<number | undefined> {
    if (lane.active > 0) return undefined;
    const allowed = this.nextAllowed.get(rule.key) ?? 0;
    if (now < allowed) return allowed;
    const rows = await this.claim(channel, now, this.options.digestMax, dueBy);
    if (rows.length === 0) return undefined;
    if (lane.circuit.state !== 'closed') lane.circuit = probing(lane.circuit);
    this.nextAllowed.set(rule.key, Number.POSITIVE_INFINITY);
    // The next slot counts from the end of this send: the service sees the gap whatever the send's latency.
    this.start(channel, config, rows, lane, () => this.nextAllowed.set(rule.key, this.now() + rule.intervalMs));
    return undefined;
  }

  private claim(channel: string, now: number, limit: number, dueBy = now): Promise<OutboxRow[]> {
    if (limit <= 0) return Promise.resolve([]);
    return claimDue(this.db, {
      channel,
      now,
      dueBy,
      leaseMs: this.options.leaseMs,
      limit,
      token: randomUUID(),
      onUnreadable: (rows) => {
        if (rows.length > 0) this.onUnreadable(rows);
      },
    });
  }

  private pump(channel: string, config: ChannelConfig, lane: Lane): void {
    while (lane.active < this.options.concurrency && lane.circuit.state === 'closed') {
      const row = lane.queue.shift();
      if (!row) return;
      this.start(channel, config, [row], lane);
    }
  }

  private start(channel: string, config: ChannelConfig, rows: OutboxRow[], lane: Lane, done?: () => void): void {
    lane.active += 1;
    // An attempt that throws (it should not: the worker catches) still frees its place in the lane.
    const run = this.attempt(channel, config, rows)
      .catch(() => undefined)
      .then((outcome) => {
        lane.active -= 1;
        if (outcome) this.judge(lane, outcome);
        done?.();
        this.running.delete(run);
        if (!done) this.pump(channel, config, lane);
        this.onIdle();
      });
    this.running.add(run);
  }

  /** A circuit that opens hands its queued rows back: they wait for the probe, not for their lease. */
  private judge(lane: Lane, outcome: AttemptOutcome): void {
    lane.circuit = afterAttempt(lane.circuit, outcome, this.now(), this.options.circuit, this.options.random());
    if (lane.circuit.state === 'closed' || lane.queue.length === 0) return;
    const ids = lane.queue.splice(0).map((row) => row.id);
    // A store that refuses this too lets the leases run out instead.
    releaseClaims(this.db, ids, this.now()).catch(() => undefined);
  }
}
