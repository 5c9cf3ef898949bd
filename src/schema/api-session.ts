/** What the API answers about sign-in, people, tokens and the audit log (see api-monitors.ts). */
import { z } from 'zod';
import { damagedParts } from './api-response-incidents.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });
export const roleSchema = z.enum(['viewer', 'editor', 'admin']);

/** What the API shows of a person: never a hash or a key. */
export const userSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  totp: z.boolean().meta({ description: 'Signs in with a second factor' }),
  createdAt: ms(),
  probe_internal: z.boolean().meta({ description: 'May define probes that reach inside networks (admins always may)' }),
});

const signedIn = {
  user: userSchema,
  csrf: z.string().meta({ description: 'Send back as the X-CSRF-Token header with every cookie-authenticated change' }),
};

export const setupResponse = z.strictObject(signedIn);
export const loginResponse = z.strictObject({
  ...signedIn,
  notices: z
    .array(z.strictObject({ at: z.string().meta({ description: 'ISO 8601' }), message: z.string() }))
    .meta({ description: 'Attempts on the account since the last sign-in' }),
});

export const sessionResponse = z.strictObject({
  actor: z.strictObject({ kind: z.enum(['user', 'token']), label: z.string(), role: roleSchema, scope: z.enum(['read', 'write']) }),
  user: userSchema.nullable().meta({ description: 'Null when the caller is an API token' }),
  csrf: z.string().nullable().meta({ description: 'Null when not signed in with the session cookie' }),
});

export const setupStateResponse = z.strictObject({ needed: z.boolean(), how: z.string() });
export const userListResponse = z.strictObject({ users: z.array(userSchema) });
export const userResponse = z.strictObject({ user: userSchema });

export const tokenSchema = z.strictObject({
  id: z.string(),
  user_id: z.string(),
  name: z.string(),
  scope: z.enum(['read', 'write']),
  prefix: z.string().meta({ description: 'The first characters of the secret, to tell tokens apart' }),
  created_at: ms(),
  last_used_at: ms().nullable(),
  revoked_at: ms().nullable(),
});

export const tokenListResponse = z.strictObject({ tokens: z.array(tokenSchema) });
export const tokenResponse = z.strictObject({ token: tokenSchema });
export const tokenCreatedResponse = z.strictObject({
  token: tokenSchema,
  secret: z.string().meta({ description: 'The bearer token: in this response only' }),
  note: z.string(),
});

export const totpEnrolResponse = z.strictObject({
  key: z.string().meta({ description: 'Base32 key for an authenticator app' }),
  uri: z.string().meta({ description: 'otpauth:// URI of the key' }),
  next: z.string(),
});
export const totpResponse = z.strictObject({ totp: z.boolean() });
export const passwordChangedResponse = z.strictObject({ changed: z.literal(true), next: z.string() });

export const auditResponse = z.strictObject({
  entries: z.array(
    z.strictObject({
      id: z.string(),
      at: z.string().meta({ description: 'ISO 8601' }),
      actor: z.looseObject({ kind: z.string(), id: z.string().nullable(), label: z.string() }),
      action: z.string(),
      target: z.string(),
      before: z.unknown().meta({ description: 'The object before the change, secrets masked; null for creations' }),
      after: z.unknown().meta({ description: 'The object after the change, secrets masked; null for deletions' }),
      damaged: damagedParts.optional(),
    }),
  ),
  next: z.string().nullable().meta({ description: 'Pass as `before` for the next page; null on the last' }),
});

export type User = z.output<typeof userSchema>;
export type Token = z.output<typeof tokenSchema>;
