/**
 * Healthchecks → tocsin draft through its Management API v3 (GET /api/v3/checks/ and
 * /api/v3/channels/, key in X-Api-Key). Each check becomes a heartbeat with the same UUID, so
 * jobs keep their ping URLs and only change the host. Integrations are listed, not imported: the
 * API names their kind but never their settings.
 */
import { emptyDraft, idFor, seconds, text, type Draft, type Entry } from './draft.js';

export interface HealthchecksSource {
  url: string;
  apiKey: string;
  /** Per request; a server slower than this is an error, not a hang. */
  timeoutMs?: number;
  /** Largest response read, in bytes. */
  maxBytes?: number;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function importHealthchecks(source: HealthchecksSource): Promise<Draft> {
  const base = source.url.replace(/\/+$/, '');
  const checks = await getJson(`${base}/api/v3/checks/`, source);
  if (!isObject(checks) || !Array.isArray(checks.checks)) throw new Error(`expected ${base}/api/v3/checks/ to answer {"checks": […]}`);
  const draft = emptyDraft(`Healthchecks at ${base}`);
  const ids = new Set<string>();
  for (const [i, check] of checks.checks.entries()) addCheck(draft, check, ids, i);
  const channels = await getJson(`${base}/api/v3/channels/`, source).catch(() => undefined);
  if (isObject(channels) && Array.isArray(channels.channels)) {
    for (const channel of channels.channels.filter(isObject)) {
      draft.skipped.push(
        `integration "${text(channel.name) ?? text(channel.id) ?? '?'}" (${text(channel.kind) ?? 'unknown kind'}): the API does not reveal its settings; add it under channels by hand`,
      );
    }
  }
  return draft;
}

function addCheck(draft: Draft, check: unknown, ids: Set<string>, index: number): void {
  if (!isObject(check)) return void draft.skipped.push(`check #${index + 1}: not an object`);
  const name = text(check.name) || `check-${index + 1}`;
  const uuid = text(check.uuid) ?? UUID.exec(text(check.ping_url) ?? '')?.[0];
  if (!uuid) return void draft.skipped.push(`check "${name}": no UUID (a read-only API key hides it); use a read-write key`);
  const grace = seconds(check.grace) ?? '1h';
  const timing = text(check.schedule) ? { schedule: text(check.schedule), tz: text(check.tz) ?? 'UTC' } : { period: seconds(check.timeout) ?? '1d' };
  const tags = (text(check.tags) ?? '').split(/\s+/).filter((t) => /^[a-z0-9][a-z0-9_.-]*$/i.test(t));
  draft.monitors.push({
    id: idFor(text(check.slug) ?? name, ids, `check-${index + 1}`),
    name,
    type: 'heartbeat',
    uuid: uuid.toLowerCase(),
    ...timing,
    grace,
    ...(check.manual_resume === true && { manual_resume: true }),
    ...(check.status === 'paused' && { paused: true }),
    ...(tags.length > 0 && { tags }),
  });
}

async function getJson(url: string, source: HealthchecksSource): Promise<unknown> {
  const limit = source.maxBytes ?? 10_000_000;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { 'x-api-key': source.apiKey, accept: 'application/json' },
      signal: AbortSignal.timeout(source.timeoutMs ?? 15_000),
      redirect: 'error',
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${(source.timeoutMs ?? 15_000) / 1000}s` : (error as Error).message;
    throw new Error(`cannot reach ${url}: ${reason}`, { cause: error });
  }
  if (response.status === 401) throw new Error(`${url} refused the API key (401): expected a project API key from Settings → API Access`);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.length;
    if (size > limit) {
      await reader?.cancel();
      throw new Error(`${url} sent more than ${limit} bytes; not an API answer tocsin will read`);
    }
    chunks.push(Buffer.from(read.value));
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new Error(`${url} did not answer JSON`);
  }
}

function isObject(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
