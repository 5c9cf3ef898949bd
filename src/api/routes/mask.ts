/**
 * Secrets are write-only through the API: reads show "••••" in their place. Keys that name a
 * credential are masked whole; any URL keeps its scheme and host but loses its password, and a
 * chat webhook URL (whose path is the credential) loses its path.
 */
export const MASK = '••••';

const SECRET_KEY = /pass|secret|token|key|authorization|cookie/i;
/** URLs whose path is itself the credential (Slack, Discord, Teams incoming webhooks, ntfy topics). */
const PATH_IS_SECRET = new Set(['url']);

export function maskSecrets(value: unknown, options: { secretPaths?: boolean } = {}): unknown {
  return walk(value, undefined, options.secretPaths ?? false);
}

function walk(value: unknown, key: string | undefined, secretPaths: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, key, secretPaths));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== undefined ? MASK : walk(v, k, secretPaths)]));
  }
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return maskUrl(value, secretPaths && key !== undefined && PATH_IS_SECRET.has(key));
  return value;
}

function maskUrl(text: string, pathIsSecret: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Unparsable: it might still hold a password, so show nothing of it.
    return MASK;
  }
  // URL would percent-encode the mask; a plain sentinel is swapped for it afterwards.
  if (url.password) url.password = 'MASKED';
  if (pathIsSecret && url.pathname.length > 1) return `${url.protocol}//${url.host}/${MASK}`;
  for (const name of [...url.searchParams.keys()]) if (SECRET_KEY.test(name)) url.searchParams.set(name, 'MASKED');
  return url.toString().replaceAll('MASKED', MASK);
}
