import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

/** OpenSSH's form, as `ssh-keygen -lf key.pub` and `ssh-keyscan host | ssh-keygen -lf -` print it. */
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

export const sshSettings = z
  .strictObject({
    host: host().meta({ description: 'Host name or IP address of the SSH server' }),
    port: port().default(22).meta({ description: 'TCP port of the SSH server' }),
    fingerprint: z
      .string()
      .transform((text) => text.replace(/=+$/, ''))
      .refine(
        (text) => FINGERPRINT.test(text),
        'expected a SHA256 host key fingerprint such as SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s (ssh-keygen -lf)',
      )
      .optional()
      .meta({
        description: 'The expected host key, SHA256:… as ssh-keygen -lf prints it; another key is reported with both fingerprints and no login is tried',
      }),
    on_key_change: z.enum(['down', 'degraded']).default('down').meta({ description: 'What a host key other than fingerprint makes the monitor' }),
    username: z.string().min(1).max(128).optional().meta({ description: 'Log in as this user with private_key to prove logins work (both or neither)' }),
    private_key: z.string().min(1).max(16_384).optional().meta({ description: 'An OpenSSH or PEM private key; write-only' }),
    passphrase: z.string().min(1).max(1024).optional().meta({ description: 'Decrypts an encrypted private_key; write-only' }),
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
