/**
 * The one door to password checks (scrypt: about 100 ms of a core and 32 MiB each). At most
 * `concurrency` run at once, a few more wait their turn, the rest are refused: a flood can queue
 * neither unbounded work nor unbounded memory, and leaves libuv's other threads to the rest of
 * tocsin. Checks for sources new to the account (and every unknown email) also spend a shared
 * budget, a burst then a steady rate, so anonymous floods from many addresses cost bounded CPU,
 * while people signing in from where they did before only ever wait for a free slot.
 */
import type { Clock } from '../../lib/clock.js';
import { Throttled } from './refusal.js';
import { formatWait } from './throttle.js';

export interface HashLimits {
  concurrency: number;
  /** Checks waiting for a slot; one more is refused. */
  queue: number;
  anonymousPerSecond: number;
  anonymousBurst: number;
}

export const DEFAULT_HASH_LIMITS: HashLimits = { concurrency: 2, queue: 16, anonymousPerSecond: 2, anonymousBurst: 10 };

export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly limits: HashLimits = DEFAULT_HASH_LIMITS,
  ) {
    this.tokens = limits.anonymousBurst;
    this.refilledAt = clock.now();
  }

  /** Runs `check` in a slot; throws Throttled (a 429) when the slots and the queue are full or the anonymous budget is spent. */
  async run<T>(check: () => Promise<T>, options: { anonymous: boolean }): Promise<T> {
    if (this.running >= this.limits.concurrency && this.waiting.length >= this.limits.queue) {
      throw new Throttled('tocsin is busy checking other passwords; try again in 1 s', 1000);
    }
    if (options.anonymous) this.spendAnonymous();
    await this.slot();
    try {
      return await check();
    } finally {
      this.release();
    }
  }

  private spendAnonymous(): void {
    const now = this.clock.now();
    const { anonymousPerSecond: rate, anonymousBurst: burst } = this.limits;
    this.tokens = Math.min(burst, this.tokens + (Math.max(0, now - this.refilledAt) * rate) / 1000);
    this.refilledAt = now;
    if (this.tokens < 1) {
      const waitMs = Math.ceil(((1 - this.tokens) * 1000) / rate);
      throw new Throttled(`tocsin is checking many sign-ins from new addresses right now; try again in ${formatWait(waitMs)}`, waitMs);
    }
    this.tokens -= 1;
  }

  private async slot(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** A finished check hands its slot straight to the oldest waiter. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
