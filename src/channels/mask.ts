/**
 * Secrets are write-only through the API: reads show "••••" in their place. Keys that name a
 * credential are masked whole and any URL loses its password. Channels (and the API resources
 * stored beside them) are masked by the channels' own rule: every header value unless declared
 * public, and the user-info, path and query of every URL (src/channels/secrets.ts).
 */
import { isSecretKey, MASK, maskChannelSettings } from './secrets.js';

export { MASK };

export function maskSecrets(value: unknown, options: { secretPaths?: boolean } = {}): unknown {
  return options.secretPaths ? maskChannelSettings(value) : walk(value);
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) && v !== undefined ? MASK : walk(v)]));
  }
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return maskUrlPassword(value);
  return value;
}

function maskUrlPassword(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Unparsable: it might still hold a password, so show nothing of it.
    return MASK;
  }
  // URL would percent-encode the mask; a plain sentinel is swapped for it afterwards.
  if (url.password) url.password = 'MASKED';
  for (const name of [...url.searchParams.keys()]) if (isSecretKey(name)) url.searchParams.set(name, 'MASKED');
  return url.toString().replaceAll('MASKED', MASK);
}
