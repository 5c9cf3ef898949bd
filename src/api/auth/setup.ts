/**
 * First run without a default password: when nobody can sign in, tocsin prints a one-time setup
 * link; whoever holds it creates the first admin. The token lives only in this process's memory, so
 * a restart prints a new one and the old one is worthless.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { TocsinError } from '../../lib/errors.js';
import { hashSecret } from '../../services/tokens.js';
import type { Db } from '../../store/schema.js';
import { countUsers } from '../../store/users.js';

export class SetupGate {
  private hash: string | undefined;

  constructor(private readonly db: Db) {}

  /** A fresh token when no user exists yet; undefined once someone can sign in. */
  async open(): Promise<string | undefined> {
    if ((await countUsers(this.db)) > 0) return undefined;
    const token = randomBytes(24).toString('base64url');
    this.hash = hashSecret(token);
    return token;
  }

  async needed(): Promise<boolean> {
    return this.hash !== undefined && (await countUsers(this.db)) === 0;
  }

  /**
   * Spends the token before the slow part (hashing the password), so two tabs racing with one link
   * cannot both create an admin; `work` failing (a weak password, say) gives it back.
   */
  async spend<T>(token: string, work: () => Promise<T>): Promise<T> {
    const held = this.hash;
    if (held === undefined || (await countUsers(this.db)) > 0) {
      throw new TocsinError('conflict', 'tocsin already has users: sign in, or ask an admin for an account');
    }
    const given = Buffer.from(hashSecret(token));
    if (!timingSafeEqual(given, Buffer.from(held))) {
      throw new TocsinError('forbidden', 'this setup link is not valid; use the newest one printed in the tocsin log at start');
    }
    this.hash = undefined;
    try {
      return await work();
    } catch (error) {
      this.hash = held;
      throw error;
    }
  }
}
