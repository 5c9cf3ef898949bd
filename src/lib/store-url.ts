/** Parsing and redacting database URLs. Pure: no I/O, so every accepted form is tested directly. */
import { isAbsolute, resolve } from 'node:path';

export type StoreTarget =
  { dialect: 'sqlite'; path: string /* ':memory:' for an in-memory database */ } | { dialect: 'postgres'; connectionString: string; schema?: string };

export const ACCEPTED_FORMS =
  'sqlite:<path> (e.g. sqlite:./data/tocsin.db), sqlite::memory:, ' +
  'or postgres://user@host:5432/database (postgresql:// also works; ?schema=name sets the search_path)';

/** Unquoted PostgreSQL identifiers only: the schema goes into a startup option, so nothing that needs quoting. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function parseStoreUrl(url: string): StoreTarget {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) return { dialect: 'sqlite', path: sqlitePath(trimmed.slice('sqlite:'.length), url) };
  if (/^postgres(ql)?:\/\//.test(trimmed)) return postgresTarget(trimmed);
  throw new Error(`Unsupported database URL "${redactUrl(url)}": use ${ACCEPTED_FORMS}`);
}

/**
 * The URL with a relative SQLite path made absolute against `base` (the config file's directory, or
 * the current one for TOCSIN_DATABASE_URL), so every command of one config finds the same file
 * whatever directory it runs from. Other URLs are returned unchanged.
 */
export function resolveStoreUrl(url: string, base: string): string {
  const target = parseStoreUrl(url);
  if (target.dialect !== 'sqlite' || target.path === ':memory:' || isAbsolute(target.path)) return url;
  return `sqlite:${resolve(base, target.path)}`;
}

function sqlitePath(rest: string, url: string): string {
  // sqlite:///abs/path and sqlite://rel/path are common spellings of sqlite:/abs/path and sqlite:rel/path.
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === '') throw new Error(`Database URL "${redactUrl(url)}" names no file: use ${ACCEPTED_FORMS}`);
  return path;
}

function postgresTarget(url: string): StoreTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Database URL "${redactUrl(url)}" is not a valid URL: use ${ACCEPTED_FORMS}`);
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`Database URL "${redactUrl(url)}" has schema "${schema}": use letters, digits and underscores, not starting with a digit`);
  }
  return { dialect: 'postgres', connectionString: parsed.toString(), ...(schema ? { schema } : {}) };
}

/** The URL with its password (user-info or ?password=) replaced by ***, safe for logs and error messages. */
export function redactUrl(url: string): string {
  return redactUserInfo(url).replace(/([?&](?:password|passwd|pwd)=)[^&#]*/gi, '$1***');
}

function redactUserInfo(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url;
  const rest = url.slice(scheme[0].length);
  // Passwords are often written unencoded, '@' and '/' included: the host begins after the last '@'.
  const queryStart = rest.search(/[?#]/);
  const at = (queryStart === -1 ? rest : rest.slice(0, queryStart)).lastIndexOf('@');
  if (at === -1) return url;
  const colon = rest.indexOf(':');
  if (colon === -1 || colon > at) return url;
  return `${scheme[0]}${rest.slice(0, colon)}:***${rest.slice(at)}`;
}
