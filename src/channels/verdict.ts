/**
 * Some services answer HTTP 200 and say in the body that nothing was sent (DingTalk, WeCom and
 * Lark put an error code there). sendJudged reads that answer and turns it into the failure it is,
 * permanent or not as the service's code says, with the secrets still kept out.
 */
import { requestHttp } from './http-send.js';
import { effectiveUrl } from './http-send.js';
import { scrub, type HttpAnswer } from './judge.js';
import type { HttpRequest, SendOptions, SendOutcome } from './types.js';

/** What the body says when it overrules the status: undefined keeps the status's verdict. */
export type BodyVerdict = { ok: true } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number } | undefined;

export async function sendJudged(
  request: HttpRequest,
  options: SendOptions,
  secrets: readonly string[],
  judgeBody: (answer: HttpAnswer) => BodyVerdict,
): Promise<SendOutcome> {
  const { outcome, answer } = await requestHttp(request, options, secrets);
  const verdict = answer ? judgeBody(answer) : undefined;
  if (!verdict || !answer) return outcome;
  if (verdict.ok) return { ok: true, status: answer.status, detail: outcome.ok ? outcome.detail : `HTTP ${answer.status}` };
  const label = `${options.channel} (${effectiveUrl(request.url, options.baseUrlOverride).host})`;
  const failure: SendOutcome = { ok: false, permanent: verdict.permanent, status: answer.status, error: scrub(`${label}: ${verdict.error}`, secrets) };
  return verdict.retryAfterMs === undefined ? failure : { ...failure, retryAfterMs: verdict.retryAfterMs };
}

/** The body as a JSON object, or undefined. */
export function jsonOf(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For services that answer 200 with `{errcode, errmsg}` or `{code, msg}`: code 0 delivered, a code
 * listed in `retryable` (rate limits, "system busy") worth another try after its delay, any other
 * code a setting a person must fix. Non-2xx answers keep the status's verdict.
 */
export function errorCodeVerdict(answer: HttpAnswer, fields: { code: string; message: string }, retryable: Record<number, number>): BodyVerdict {
  if (answer.status < 200 || answer.status >= 300) return undefined;
  const json = jsonOf(answer.body);
  const code = json?.[fields.code];
  if (typeof code !== 'number' || code === 0) return undefined;
  const said = typeof json?.[fields.message] === 'string' ? `: ${String(json[fields.message])}` : '';
  const error = `${fields.code} ${code}${said}`;
  const delay = retryable[code];
  return delay === undefined ? { ok: false, permanent: true, error } : { ok: false, permanent: false, error, retryAfterMs: delay };
}
