/**
 * What an HTTP answer means for delivery, decided apart from the sending:
 * 2xx delivered; 408, 429 and 5xx worth retrying; any other 4xx (and 3xx,
 * which we do not follow) needs a person to fix the channel, so retrying it
 * only hides the problem.
 */
import type { SendOutcome } from './types.js';

export interface HttpAnswer {
  status: number;
  statusText: string;
  retryAfter?: string;
  body: string;
}

const DETAIL_MAX = 200;

export function judgeAnswer(answer: HttpAnswer, now: number): SendOutcome {
  const detail = detailOf(answer);
  if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, detail: `HTTP ${answer.status}${detail ? `: ${detail}` : ''}` };
  const error = `HTTP ${answer.status}${detail ? `: ${detail}` : ''}`;
  const temporary = answer.status === 408 || answer.status === 429 || answer.status >= 500;
  const retryAfterMs = parseRetryAfter(answer.retryAfter, now) ?? retryAfterFromBody(answer.body);
  const outcome: SendOutcome = { ok: false, permanent: !temporary, status: answer.status, error };
  return temporary && retryAfterMs !== undefined ? { ...outcome, retryAfterMs } : outcome;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (!Number.isFinite(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - now);
}

/** Telegram and Discord put `retry_after` (seconds) in the body, Matrix `retry_after_ms`. */
function retryAfterFromBody(body: string): number | undefined {
  const json = parseJson(body);
  if (!json) return undefined;
  const params = json.parameters as Record<string, unknown> | undefined;
  const seconds = json.retry_after ?? params?.retry_after;
  if (typeof seconds === 'number' && seconds >= 0) return Math.ceil(seconds * 1000);
  if (typeof json.retry_after_ms === 'number' && json.retry_after_ms >= 0) return json.retry_after_ms;
  return undefined;
}

/** The service's own words for what happened, from the usual JSON fields (errmsg and msg: DingTalk, WeCom, Lark, Zulip) or the first line of text. */
export function detailOf(answer: HttpAnswer): string {
  const json = parseJson(answer.body);
  const fromJson = json ? jsonDetail(json) : undefined;
  const firstLine = answer.body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line.length > 0);
  const text = fromJson ?? (json ? undefined : firstLine) ?? answer.statusText;
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

function jsonDetail(json: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const key of ['message', 'description', 'error', 'errmsg', 'msg', 'errcode', 'errors']) {
    const value = json[key];
    if (typeof value === 'string' && value) parts.push(value);
    else if (Array.isArray(value)) parts.push(...value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))));
    else if (value && typeof value === 'object') parts.push(...Object.values(value).map((item) => (typeof item === 'string' ? item : JSON.stringify(item))));
  }
  return parts.length > 0 ? [...new Set(parts)].join('; ') : undefined;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces every secret (tokens, keys) that a service might echo back with ***. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

/** For webhook URLs whose path or query is the credential: the path, its longer segments and the query values. */
export function urlSecrets(raw: string): string[] {
  const url = new URL(raw);
  const segments = url.pathname.split('/').filter((segment) => segment.length >= 6);
  return [url.pathname, ...segments, ...url.searchParams.values()];
}
