import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

/** OpenSSH's form, as `ssh-keygen -lf key.pub` and `ssh-keyscan host | ssh-keygen -lf -` print it. */
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

export const sshSettings = z
  .strictObject({
    host: host(),
    port: port().default(22),
    /** The expected host key; a different one is reported (and no login is attempted). */
    fingerprint: z
      .string()
      .transform((text) => text.replace(/=+$/, ''))
      .refine((text) => FINGERPRINT.test(text), 'expected a SHA256 host key fingerprint such as SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s (ssh-keygen -lf)')
      .optional(),
    /** What a host key other than `fingerprint` makes the monitor. */
    on_key_change: z.enum(['down', 'degraded']).default('down'),
    /** Log in with `private_key` to prove logins work; both or neither. */
    username: z.string().min(1).max(128).optional(),
    /** An OpenSSH or PEM private key (write-only). */
    private_key: z.string().min(1).max(16_384).optional(),
    /** Decrypts an encrypted `private_key` (write-only). */
    passphrase: z.string().min(1).max(1024).optional(),
  })
  .refine((s) => (s.username === undefined) === (s.private_key === undefined), {
    message: 'expected username and private_key together (to log in) or neither (banner and host key only)',
    path: ['private_key'],
  })
  .refine((s) => s.passphrase === undefined || s.private_key !== undefined, {
    message: 'expected passphrase only together with private_key',
    path: ['passphrase'],
  });

export type SshSettings = z.infer<typeof sshSettings>;
