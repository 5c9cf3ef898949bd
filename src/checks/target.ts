/**
 * What the rest of tocsin knows about a monitor without running it: what it probes in words, which
 * server its check connects to, and whether it reaches inside networks. Each type answers in its own
 * folder (`<type>/target.ts`); the registry maps a type to those answers, so no switch on the type
 * lives outside the check folders.
 */
import { redactUrl } from './http/redact.js';

export interface Reach {
  /** The monitor field that reaches inside, as the API body writes it. */
  field: string;
  why: string;
}

export interface Target<Settings> {
  /** What it probes, in a few words a person recognises, with no secret in it: for notifications. */
  describe(settings: Settings): string;
  /**
   * host:port its check connects to, for the per-target rate cap; undefined when nothing remote is
   * reached or the target is only known at run time.
   */
  rateKey(settings: Settings): string | undefined;
  /** The first setting that makes tocsin a client of internal services, or undefined for a plain probe. */
  reach(settings: Settings): Reach | undefined;
  /** Why a monitor with these settings can only be written in tocsin.yaml (not through the API), or undefined. */
  fileOnly(settings: Settings): FileOnly | undefined;
}

export interface FileOnly {
  /** The field that keeps it out of the API, as the API body writes it. */
  field: string;
  message: string;
  expected: string;
}

/** For types that reach nothing remote, or whose reach is a plain probe. */
export const noRateKey = (): undefined => undefined;
export const plainProbe = (): undefined => undefined;
export const writableAnywhere = (): undefined => undefined;

export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function safeUrl(url: string): string {
  try {
    return redactUrl(url);
  } catch {
    // Not a URL the WHATWG parser accepts; say nothing rather than risk a password.
    return 'an unparsable URL';
  }
}

const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'postgres:': 5432,
  'postgresql:': 5432,
  'mysql:': 3306,
  'mariadb:': 3306,
  'redis:': 6379,
  'rediss:': 6379,
  'ldap:': 389,
  'ldaps:': 636,
};

/** Monitors that reach the same server share its budget whatever their type, so hosts are compared bare and lower-case. */
export function rateKeyOf(host: string, port: number): string {
  const bare = host
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase()
    .replace(/\.$/, '');
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}

export function rateKeyOfUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
    return url.hostname && port !== undefined ? rateKeyOf(url.hostname, port) : undefined;
  } catch {
    return undefined;
  }
}
