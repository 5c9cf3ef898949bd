/**
 * The audit log's one writer. Every writer (API, CLI, engine) calls recordAudit inside the
 * transaction of its change, so a change and its audit entry are stored together or not at all.
 */
import { randomBytes } from 'node:crypto';
import { publicHeaders } from '../channels/secrets.js';
import { insertAudit } from '../store/audit.js';
import type { Db } from '../store/schema.js';
import { isRecord } from '../lib/is-record.js';

/** An API actor (src/api/auth/access.ts) fits as is; the CLI and the engine name themselves. */
export interface AuditActor {
  kind: 'user' | 'token' | 'cli' | 'system';
  id?: string | null;
  label: string;
}

export interface AuditEntry {
  actor: AuditActor;
  /** A verb on a noun: "monitor.create", "user.role", "token.revoke". */
  action: string;
  /** What was changed: "monitor web", "user ana@example.org". */
  target: string;
  /** The thing before the change; omit or null for a create. */
  before?: unknown;
  /** The thing after the change; omit or null for a delete. */
  after?: unknown;
  /** Epoch ms; pass the injected clock's now(). */
  at?: number;
}

export const REDACTED = '••••';

/** Keys whose values are never written: the brief's list, plus the HTTP headers that carry credentials. */
const SECRET_KEY = /secret|password|passwd|token|key|authorization|cookie|credential/i;

/**
 * Ids sort in the order this process wrote them (a monotonic clock, then randomness against other
 * processes), so entries of one millisecond still page in the order they happened.
 */
function auditId(): string {
  return `${process.hrtime.bigint().toString().padStart(20, '0')}-${randomBytes(4).toString('hex')}`;
}

/** Writes one audit entry with every secret replaced by "••••". */
export async function recordAudit(trx: Db, entry: AuditEntry): Promise<void> {
  await insertAudit(trx, {
    id: auditId(),
    at: entry.at ?? Date.now(),
    actor: { kind: entry.actor.kind, id: entry.actor.id ?? null, label: entry.actor.label },
    action: entry.action,
    target: entry.target,
    before: entry.before === undefined ? null : redactSecrets(entry.before),
    // Compared with the before, so the log can say a secret changed without saying what to.
    after: entry.after === undefined ? null : redactSecrets(entry.after, entry.before),
  });
}

/**
 * A copy of `value` safe to store or show: values under secret-looking keys become "••••" (or
 * "•••• (changed)" when they differ from the same path in `previous`), as are header values not
 * declared public, and passwords inside URLs are masked wherever they appear.
 */
export function redactSecrets(value: unknown, previous?: unknown): unknown {
  if (typeof value === 'string') return redactUrlPasswords(value);
  if (Array.isArray(value)) return value.map((item, i) => redactSecrets(item, Array.isArray(previous) ? previous[i] : undefined));
  if (value === null || typeof value !== 'object') return value;
  const old = previous !== null && typeof previous === 'object' ? (previous as Record<string, unknown>) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) out[key] = maskSecret(inner, old?.[key], old !== undefined);
    else if (key === 'headers' && isRecord(inner))
      out[key] = redactHeaders(inner, publicHeaders(value as Record<string, unknown>), old?.[key], old !== undefined);
    else out[key] = redactSecrets(inner, old?.[key]);
  }
  return out;
}

/** Header values are credentials unless declared public (`public_headers`), whatever their names. */
function redactHeaders(headers: Record<string, unknown>, open: Set<string>, previous: unknown, compared: boolean): Record<string, unknown> {
  const old = isRecord(previous) ? previous : undefined;
  return Object.fromEntries(Object.entries(headers).map(([name, v]) => [name, open.has(name.toLowerCase()) ? v : maskSecret(v, old?.[name], compared)]));
}

function maskSecret(value: unknown, previous: unknown, compared: boolean): unknown {
  // null and absent stay visible: "the password was removed" is not a secret.
  if (value === null || value === undefined) return value;
  if (compared && JSON.stringify(value) !== JSON.stringify(previous)) return `${REDACTED} (changed)`;
  return REDACTED;
}

/** "postgres://app:hunter2@db/x" → "postgres://app:••••@db/x", in any string. */
export function redactUrlPasswords(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s/?#@]*@/gi, `$1:${REDACTED}@`);
}
