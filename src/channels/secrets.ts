/**
 * What in a channel's settings is a credential, and the one way text and settings are shown
 * without it. Write-only: every header value (unless the channel lists the header's name in
 * `public_headers`), the user-info, path and query of every URL (webhook paths and ntfy topics are
 * the credential), and every field named like a token, key, secret or password. The settings a
 * reader sees and any text that may echo them (a receiver's error) are masked from the same list,
 * so what one lets through the other cannot.
 */
import { isRecord } from '../lib/is-record.js';
export const MASK = '••••';

/**
 * Field names that hold a credential whole, judged by their last word (`api_key`, `bind_password`,
 * `apikey`), so a setting about one (`on_key_change`) is not taken for one. Pushover's `user` is a user key.
 */
const SECRET_WORD = /(pass|passwd|password|passphrase|secret|token|key|authorization|cookie|credentials?)s?$/i;
const SECRET_FIELDS = new Set(['user']);
const URL_TEXT = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Any URL inside free text (an error, a receiver's echo). */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
/** Shorter values ("v1", "ok") are not secrets and would mangle every message if masked. */
const MIN_SECRET = 4;
/** A path segment is a word ("hooks", "api") unless it is this long (tokens are 16 or more). */
const MIN_SEGMENT = 8;

export function isSecretKey(key: string): boolean {
  return SECRET_WORD.test(key.split(/[_.-]/).pop() ?? key);
}

/** The header names a channel declared public, lower-cased (header names are case-insensitive). */
export function publicHeaders(settings: Record<string, unknown>): Set<string> {
  const names = Array.isArray(settings.public_headers) ? settings.public_headers : [];
  return new Set(names.filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase()));
}

/** The settings as a reader sees them: every credential replaced by the mask, its place kept. */
export function maskChannelSettings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskChannelSettings);
  if (typeof value === 'string') return URL_TEXT.test(value) ? maskUrl(value) : value;
  if (!isRecord(value)) return value;
  const open = publicHeaders(value);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== undefined && inner !== null && (isSecretKey(key) || SECRET_FIELDS.has(key))) out[key] = MASK;
    else if (key === 'headers' && isRecord(inner))
      out[key] = Object.fromEntries(Object.entries(inner).map(([name, v]) => [name, open.has(name.toLowerCase()) ? v : MASK]));
    else out[key] = maskChannelSettings(inner);
  }
  return out;
}

/** Scheme, host and port stay (so a person sees where it goes); user-info, path and query do not. */
export function maskUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Unparsable: it might still hold a password, so show nothing of it.
    return MASK;
  }
  const userInfo = url.username || url.password;
  const rest = url.pathname.length > 1 || url.search;
  if (!userInfo && !rest) return text;
  return `${url.protocol}//${userInfo ? `${MASK}@` : ''}${url.host}${rest ? `/${MASK}` : url.pathname}`;
}

/** Every secret value the settings hold, as it may appear in text. */
export function channelSecrets(value: unknown): string[] {
  const found: string[] = [];
  collect(value, undefined, found);
  return [...new Set(found)].filter((s) => s.length >= MIN_SECRET);
}

function collect(value: unknown, key: string | undefined, into: string[]): void {
  if (Array.isArray(value)) return value.forEach((item) => collect(item, key, into));
  if (isRecord(value)) {
    const open = publicHeaders(value);
    for (const [k, inner] of Object.entries(value)) {
      if (k === 'headers' && isRecord(inner)) {
        for (const [name, v] of Object.entries(inner)) if (!open.has(name.toLowerCase()) && typeof v === 'string') into.push(...headerSecrets(v));
      } else collect(inner, k, into);
    }
    return;
  }
  if (typeof value !== 'string') return;
  // A Telegram bot token is "<id>:<secret>": the secret half may be echoed alone.
  if (key !== undefined && (isSecretKey(key) || SECRET_FIELDS.has(key))) into.push(value, ...value.split(':').slice(1));
  else if (URL_TEXT.test(value)) into.push(...urlSecrets(value));
}

/** "Bearer abc…" is echoed whole or as its token alone. */
function headerSecrets(value: string): string[] {
  return [value, ...value.split(/\s+/).filter((word) => word.length >= MIN_SEGMENT)];
}

function urlSecrets(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [text];
  }
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  const basic = user || password ? [Buffer.from(`${user}:${password}`).toString('base64')] : [];
  const path = url.pathname.length > 1 ? [url.pathname, ...url.pathname.split('/').filter((s) => s.length >= MIN_SEGMENT)] : [];
  const query = url.search ? [url.search.slice(1), ...url.searchParams.values()] : [];
  return [url.username, user, url.password, password, ...basic, ...path, ...query];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The one mask for text about a channel (a delivery error, a test's answer): every secret of the
 * channel wherever it appears — as written, percent-encoded, form-encoded, decoded or JSON-escaped —
 * and the user-info, path and query of any URL in it. Used where errors are stored and again where
 * they are read, so a receiver that echoes the request cannot leak what it was sent.
 */
export function maskSecretText(text: string, settings: unknown): string {
  const withoutUrls = text.replace(URL_IN_TEXT, (match) => {
    // Sentence punctuation after a URL is not part of it.
    const url = match.replace(/[.,;:)\]}]+$/, '');
    return maskUrl(url) + match.slice(url.length);
  });
  const pattern = secretPattern(channelSecrets(settings));
  return pattern ? withoutUrls.replace(pattern, MASK) : withoutUrls;
}

function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const forms = new Set(secrets.flatMap(spellings));
  if (forms.size === 0) return undefined;
  // Longest first, so a token that contains another is masked whole.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeForms);
  return new RegExp(alternatives.join('|'), 'g');
}

/** How a receiver may write a value back: as sent, encoded or decoded. */
function spellings(secret: string): string[] {
  const component = encodeURIComponent(secret);
  return [
    secret,
    component,
    encodeURI(secret),
    component.replaceAll('%20', '+'),
    safeDecode(secret),
    secret.replaceAll('/', '\\/'),
    secret.replaceAll('&', '&amp;'),
  ].filter((s) => s.length >= MIN_SECRET);
}

/** A regex for the literal text, with percent escapes matched in either case (%2f or %2F). */
function escapeForms(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%([0-9A-Fa-f])([0-9A-Fa-f])/g, (_m, a: string, b: string) => `%${hexClass(a)}${hexClass(b)}`);
}

function hexClass(digit: string): string {
  return /[0-9]/.test(digit) ? digit : `[${digit.toLowerCase()}${digit.toUpperCase()}]`;
}
