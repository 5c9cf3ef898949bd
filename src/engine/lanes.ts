/**
 * One lane per channel: what is claimed, queued and in flight there. A channel without a rate
 * limit claims a batch and sends it `concurrency` at a time (a claim per notification would cost
 * more than the sending); a rate-limited one claims everything due when its next slot comes and
 * sends it as one message, a digest when there are several.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelConfig } from '../channels/types.js';
import { claimDue, releaseClaims, type OutboxRow } from '../store/outbox.js';
import type { Db } from '../store/schema.js';
import { rateRule } from './rate-limit.js';

interface Lane {
  queue: OutboxRow[];
  active: number;
}

export interface LaneOptions {
  leaseMs: number;
  concurrency: number;
  claimBatch: number;
  digestMax: number;
}

/** Sends the rows as one message and records the outcome; the lanes only decide when. */
export type Attempt = (channel: string, config: ChannelConfig, rows: OutboxRow[]) => Promise<void>;

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
  ) {}

  /** Claims and starts what this channel may send now; returns when the next rate slot opens, if waiting for one. */
  async dispatch(channel: string, config: ChannelConfig, now: number): Promise<number | undefined> {
    const lane = this.lane(channel);
    const rule = rateRule(channel, config);
    if (!rule) {
      // Refill at half: claims stay rare and the pool never runs dry while a claim is pending.
      const held = lane.queue.length + lane.active;
      if (held <= this.options.claimBatch / 2) lane.queue.push(...(await this.claim(channel, now, this.options.claimBatch - held)));
      this.pump(channel, config, lane);
      return undefined;
    }
    if (lane.active > 0) return undefined;
    const allowed = this.nextAllowed.get(rule.key) ?? 0;
    if (now < allowed) return allowed;
    const rows = await this.claim(channel, now, this.options.digestMax);
    if (rows.length === 0) return undefined;
    this.nextAllowed.set(rule.key, Number.POSITIVE_INFINITY);
    // The next slot counts from the end of this send: the service sees the gap whatever the send's latency.
    this.start(channel, config, rows, lane, () => this.nextAllowed.set(rule.key, this.now() + rule.intervalMs));
    return undefined;
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
    if (!lane) this.lanes.set(channel, (lane = { queue: [], active: 0 }));
    return lane;
  }

  private claim(channel: string, now: number, limit: number): Promise<OutboxRow[]> {
    if (limit <= 0) return Promise.resolve([]);
    return claimDue(this.db, { channel, now, leaseMs: this.options.leaseMs, limit, token: randomUUID() });
  }

  private pump(channel: string, config: ChannelConfig, lane: Lane): void {
    while (lane.active < this.options.concurrency) {
      const row = lane.queue.shift();
      if (!row) return;
      this.start(channel, config, [row], lane);
    }
  }

  private start(channel: string, config: ChannelConfig, rows: OutboxRow[], lane: Lane, done?: () => void): void {
    lane.active += 1;
    const run = this.attempt(channel, config, rows).finally(() => {
      lane.active -= 1;
      done?.();
      this.running.delete(run);
      if (!done) this.pump(channel, config, lane);
      this.onIdle();
    });
    this.running.add(run);
  }
}
