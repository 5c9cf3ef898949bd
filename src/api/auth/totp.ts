/**
 * The optional second factor: enrol (a new key, shown once as an otpauth:// URI), confirm with a
 * code from it, disable. A key only takes effect once confirmed, so a botched scan locks nobody out.
 */
import { randomBytes } from 'node:crypto';
import { base32Decode, base32Encode, otpauthUri, verifyTotp } from '../../core/totp.js';
import { TocsinError } from '../../lib/errors.js';
import { recordAudit } from '../../services/audit.js';
import { mustGetUser, type ChangeContext } from '../../services/users.js';
import type { Db } from '../../store/schema.js';
import { inTransaction } from '../../store/tx.js';
import { saveUser } from '../../store/users.js';

export interface Enrolment {
  /** Base32, for typing into an app by hand. */
  key: string;
  /** For a QR code. */
  uri: string;
}

export async function enrolTotp(db: Db, userId: string, ctx: ChangeContext): Promise<Enrolment> {
  const user = await mustGetUser(db, userId);
  if (user.totpKey !== null) throw new TocsinError('conflict', 'two-factor sign-in is already on; turn it off first to enrol a new device');
  // 20 bytes: the HMAC-SHA1 block RFC 4226 recommends, and what authenticator apps expect.
  const key = base32Encode(randomBytes(20));
  await saveUser(db, { ...user, totpPending: key, updatedAt: ctx.now });
  return { key, uri: otpauthUri({ key: base32Decode(key), account: user.email, issuer: 'tocsin' }) };
}

export async function confirmTotp(db: Db, userId: string, code: string, ctx: ChangeContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const user = await mustGetUser(trx, userId);
    if (user.totpPending === null) throw new TocsinError('conflict', 'nothing to confirm: start enrolment with POST /api/v1/me/totp first');
    const step = verifyTotp(base32Decode(user.totpPending), code, ctx.now);
    if (step === undefined)
      throw new TocsinError('invalid_input', 'that code does not match the new key; check the device clock and type the current code', { field: 'code' });
    await saveUser(trx, { ...user, totpKey: user.totpPending, totpPending: null, totpLastStep: step, updatedAt: ctx.now });
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'user.totp',
      target: `user ${user.email}`,
      before: { totp: false },
      after: { totp: true },
      at: ctx.now,
    });
  });
}

/** `code` is required when people turn off their own factor; an admin helping someone who lost a phone passes none. */
export async function disableTotp(db: Db, userId: string, code: string | undefined, ctx: ChangeContext): Promise<void> {
  await inTransaction(db, async (trx) => {
    const user = await mustGetUser(trx, userId);
    if (user.totpKey === null) {
      if (user.totpPending !== null) await saveUser(trx, { ...user, totpPending: null, updatedAt: ctx.now });
      return;
    }
    if (code !== undefined && verifyTotp(base32Decode(user.totpKey), code, ctx.now, { usedStep: user.totpLastStep }) === undefined) {
      throw new TocsinError('invalid_input', 'the authenticator code is wrong or was already used; two-factor sign-in stays on', { field: 'code' });
    }
    await saveUser(trx, { ...user, totpKey: null, totpPending: null, totpLastStep: null, updatedAt: ctx.now });
    await recordAudit(trx, {
      actor: ctx.actor,
      action: 'user.totp',
      target: `user ${user.email}`,
      before: { totp: true },
      after: { totp: false },
      at: ctx.now,
    });
  });
}
