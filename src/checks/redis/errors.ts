import type { Phase } from '../../core/types.js';
import { describeTransportError, errorParts } from '../db/net-errors.js';

export interface RedisFailureContext {
  label: string;
  /** The ACL user, or undefined for the default user. */
  user: string | undefined;
  db: number | undefined;
  phase: Phase | undefined;
}

/** A Redis failure as one sentence, decided by the error reply's prefix (NOAUTH, WRONGPASS …). */
export function describeRedisError(error: unknown, at: RedisFailureContext): string {
  const transport = describeTransportError(error, at.label);
  if (transport) return transport;
  const { message } = errorParts(error);
  const prefix = /^[A-Z]+/.exec(message)?.[0] ?? '';
  switch (prefix) {
    case 'NOAUTH':
      return `NOAUTH: redis requires a password on ${at.label}`;
    case 'WRONGPASS':
      return `WRONGPASS: redis rejected the password for user "${at.user ?? 'default'}" on ${at.label}`;
    case 'NOPERM':
      return `NOPERM: user "${at.user ?? 'default'}" lacks a permission on ${at.label}: ${message.replace(/^NOPERM\s*/, '')}`;
    case 'LOADING':
      return `redis on ${at.label} is still loading its dataset into memory`;
  }
  if (/DB index is out of range/i.test(message)) return `redis on ${at.label} has no database ${at.db ?? ''}`;
  return `redis on ${at.label} answered ${JSON.stringify(message)}${at.phase === 'auth' ? ' while logging in' : ''}`;
}

/** AUTH sent to a server without a password is harmless: the URL simply carries one it does not need. */
export function isNeedlessAuth(error: unknown): boolean {
  return /without any password configured|no password is set/i.test(errorParts(error).message);
}
