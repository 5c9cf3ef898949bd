/**
 * When an account takes failures at the level that used to lock it, nothing locks, but its owner is
 * told: an audit entry, an email through the configured email channels (an outbox row, sent by the
 * delivery workers, never from the request), and a notice in the answer to their next sign-in.
 * At most one per account per UTC day, however long an attack lasts.
 */
import type { ChannelConfig, Notification } from '../../channels/types.js';
import { recordAudit } from '../../services/audit.js';
import { insertNotifications, outboxId, type OutboxInsert } from '../../store/outbox.js';
import type { Db } from '../../store/schema.js';
import { countFailingSources, insertNotice } from '../../store/sign-ins.js';
import { inTransaction } from '../../store/tx.js';
import type { User } from '../../store/users.js';
import { ACCOUNT_WINDOW_MS } from './throttle.js';

const DAY_MS = 86_400_000;

export type Channels = () => Readonly<Record<string, ChannelConfig>>;

export function attackMessage(email: string, failures: number, sources: number): string {
  return (
    `${failures} failed sign-ins to ${email} in the last hour, from ${sources} ${sources === 1 ? 'address' : 'addresses'}. ` +
    'tocsin did not lock the account: new addresses wait a few seconds between tries, and addresses you signed in from before are not held. ' +
    'If these were not you, choose a new password and turn on two-factor sign-in.'
  );
}

/** The email channels addressed to `email`; when none is, every email channel, so someone can tell its owner. */
export function emailChannelsFor(channels: Readonly<Record<string, ChannelConfig>>, email: string): string[] {
  const all = Object.entries(channels).flatMap(([id, c]) => (c.type === 'email' ? [{ id, to: c.to.map(addressOf) }] : []));
  const theirs = all.filter((c) => c.to.includes(email.toLowerCase()));
  return (theirs.length > 0 ? theirs : all).map((c) => c.id);
}

/** "Ana <ana@example.org>" → "ana@example.org". */
function addressOf(to: string): string {
  return (/<([^<>]+)>\s*$/.exec(to)?.[1] ?? to).trim().toLowerCase();
}

export function noticeRows(user: User, message: string, channels: readonly string[], now: number): OutboxInsert[] {
  const dedupKey = `account/${user.id}/${Math.floor(now / DAY_MS)}`;
  const notification: Omit<Notification, 'id'> = {
    event: 'tocsin.self',
    at: new Date(now).toISOString(),
    monitor: { id: 'tocsin', name: `account ${user.email}`, type: 'account', target: user.email },
    state: 'degraded',
    previous_state: 'up',
    since: new Date(now - ACCOUNT_WINDOW_MS).toISOString(),
    message,
    dedup_key: dedupKey,
  };
  return channels.map((channel) => {
    const id = outboxId(now);
    return { id, dedupKey, channel, monitorId: 'tocsin', notification: { ...notification, id }, createdAt: now };
  });
}

/** Records the notice, its audit entry and its emails in one transaction, unless today's is stored already. */
export async function noticeAttack(db: Db, channels: Channels, user: User, failures: number, now: number): Promise<void> {
  const sources = await countFailingSources(db, user.email, now - ACCOUNT_WINDOW_MS);
  const message = attackMessage(user.email, failures, sources);
  await inTransaction(db, async (trx) => {
    if (!(await insertNotice(trx, { id: `${user.id}:${Math.floor(now / DAY_MS)}`, userId: user.id, at: now, message }))) return;
    await recordAudit(trx, {
      actor: { kind: 'system', label: 'sign-in throttle' },
      action: 'user.sign_in_attempts',
      target: `user ${user.email}`,
      after: { failures, sources },
      at: now,
    });
    await insertNotifications(trx, noticeRows(user, message, emailChannelsFor(channels(), user.email), now));
  });
}
