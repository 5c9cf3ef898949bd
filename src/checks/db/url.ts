/**
 * Database URLs carry passwords. This splits one into what a probe needs and
 * keeps the password out of anything printed: messages are built from the
 * parts, never from the URL, and driver errors pass through `redactSecrets`.
 * Shared by the postgres, mysql and redis probes.
 */
export interface DbUrl {
  scheme: string;
  /** As written, without IPv6 brackets; resolved later with c-ares. */
  host: string;
  port: number;
  user?: string;
  password?: string;
  /** The first path segment, decoded; undefined when the URL has none. */
  database?: string;
  params: URLSearchParams;
}

export function parseDbUrl(text: string, defaultPort: number): DbUrl {
  const url = splitDbUrl(text, defaultPort);
  if (!url.host) throw new Error(`the URL ${redactUrl(text)} names no host`);
  return url;
}

/** As parseDbUrl, but a URL without a host (a Unix socket given as ?host=/run/postgresql) is read with host ''. */
export function splitDbUrl(text: string, defaultPort: number): DbUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`invalid URL ${redactUrl(text)}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const database = decodeURIComponent(url.pathname.replace(/^\//, '').split('/')[0] ?? '');
  return {
    scheme: url.protocol.replace(/:$/, ''),
    host,
    port: url.port ? Number(url.port) : defaultPort,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: database || undefined,
    params: url.searchParams,
  };
}

/** The URL with its password (and password-like query values) masked, for messages. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*:)[^@/?#]*@/i, '$1***@').replace(/([?&](?:password|pass|pwd|secret|token)=)[^&#]*/gi, '$1***');
}

/** `text` with every occurrence of each secret (raw and URL-encoded) replaced by `***`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}
