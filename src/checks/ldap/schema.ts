import { z } from 'zod';

/** `ldap://host[:port]` or `ldaps://host[:port]`: the server only; the DN to search goes in `search.base`. */
const LDAP_URL = /^ldaps?:\/\/(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?)(?::\d{1,5})?\/?$/;

function validPort(url: string): boolean {
  const port = /:(\d+)\/?$/.exec(url.replace(/^ldaps?:\/\/\[[^\]]*\]/, 'ldap://h'))?.[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

export const ldapSettings = z
  .strictObject({
    url: z
      .string()
      .max(300)
      .refine((url) => LDAP_URL.test(url) && validPort(url), 'expected ldap://host[:port] or ldaps://host[:port], without a DN (put it in search.base)')
      .meta({ description: 'ldap://host[:port] (389) or ldaps://host[:port] (636)' }),
    starttls: z.boolean().default(false).meta({ description: 'Upgrade an ldap:// connection with StartTLS before binding' }),
    bind_dn: z.string().min(1).max(1024).optional().meta({ description: 'Bind as this DN; absent: an anonymous bind' }),
    bind_password: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .meta({ description: 'The bind password; write-only, never sent to a server whose certificate is not trusted' }),
    search: z
      .strictObject({
        base: z.string().max(1024).meta({ description: 'The DN to search under, e.g. ou=people,dc=example,dc=org' }),
        filter: z
          .string()
          .max(4096)
          .regex(/^\(.*\)$/s, 'expected an LDAP filter in parentheses, such as (objectClass=person)')
          .default('(objectClass=*)')
          .meta({ description: 'LDAP filter (RFC 4515) the entries must match' }),
        scope: z.enum(['base', 'one', 'sub']).default('sub').meta({ description: 'base: the base entry only; one: its children; sub: the whole subtree' }),
        min_entries: z.number().int().min(0).max(10_000).default(1).meta({ description: 'Fewer entries found than this is down' }),
      })
      .optional()
      .meta({ description: 'After the bind: {base, filter, scope, min_entries}; fewer entries than min_entries is down' }),
    verify_tls: z.boolean().default(true).meta({ description: "false: judge only the certificate's dates, not its trust or name (a private CA)" }),
    warn_days: z.number().min(0).max(3650).default(21).meta({ description: 'ldaps:// and StartTLS: fewer days left on the certificate than this is degraded' }),
    critical_days: z.number().min(0).max(3650).default(7).meta({ description: 'ldaps:// and StartTLS: fewer days left than this is down' }),
  })
  .refine((s) => !s.starttls || s.url.startsWith('ldap://'), {
    message: 'expected starttls only with an ldap:// URL (ldaps:// is TLS from the start)',
    path: ['starttls'],
  })
  .refine((s) => s.bind_password === undefined || s.bind_dn !== undefined, { message: 'expected bind_dn with bind_password', path: ['bind_dn'] })
  .refine((s) => s.critical_days <= s.warn_days, { message: 'expected critical_days to be at most warn_days', path: ['critical_days'] });

export type LdapSettings = z.infer<typeof ldapSettings>;

/** Host (without brackets), port and whether TLS starts at once, from a URL the schema accepted. */
export function ldapServer(url: string): { host: string; port: number; ldaps: boolean } {
  const ldaps = url.startsWith('ldaps://');
  const rest = url.replace(/^ldaps?:\/\//, '').replace(/\/$/, '');
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(rest);
  const host = (match?.[1] ?? rest).replace(/^\[(.*)\]$/, '$1');
  return { host, port: match?.[2] ? Number(match[2]) : ldaps ? 636 : 389, ldaps };
}
