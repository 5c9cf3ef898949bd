/**
 * A delivery error stored in the outbox is the receiver's or the transport's words; some echo the
 * request (a URL whose path is a token, an Authorization header). Before an error is shown, every
 * secret the channel's config holds is replaced by the mask, wherever it appears in the text.
 */
import { MASK } from './mask.js';

const SECRET_KEY = /pass|secret|token|key|authorization|cookie/i;
/** Shorter values ("api", "v1") are not secrets and would mangle the message if masked. */
const MIN_SECRET = 6;
/** Path segments that are words ("services", "webhooks") stay; tokens in paths are 16 characters or more. */
const MIN_PATH_TOKEN = 16;

export function scrubSecrets(text: string, channel: unknown): string {
  const secrets = [...new Set(secretsOf(channel, undefined))].filter((s) => s.length >= MIN_SECRET);
  // Longest first, so a token that contains another is masked whole.
  secrets.sort((a, b) => b.length - a.length);
  return secrets.reduce((out, secret) => out.replaceAll(secret, MASK), text);
}

function secretsOf(value: unknown, key: string | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => secretsOf(item, key));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => secretsOf(v, k));
  if (typeof value !== 'string') return [];
  if (key !== undefined && SECRET_KEY.test(key)) return [value];
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? urlSecrets(value) : [];
}

/** A URL's password, its query values and its path segments (chat webhooks carry the token there). */
function urlSecrets(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [text];
  }
  const tokens = url.pathname.split('/').filter((segment) => segment.length >= MIN_PATH_TOKEN);
  return [url.password, decodeURIComponent(url.password), ...url.searchParams.values(), ...tokens];
}
