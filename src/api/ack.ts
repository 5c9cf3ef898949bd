/**
 * GET /ack/<token> shows what the link would acknowledge and a button; only POST acknowledges, since
 * mail scanners and chat unfurlers fetch every link they see. Answers are small HTML pages (or JSON
 * for clients that ask for it); a refused link gets a 4xx page that says why and what to do.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isProblem } from '../core/alert/index.js';
import type { LinkAnswer } from '../services/ack-links.js';

export interface AckRouteDeps {
  inspect(token: string): Promise<LinkAnswer>;
  use(token: string, by: string): Promise<LinkAnswer>;
}

// A wildcard, not `:token`: the router caps named parameters at 100 characters and links can be longer.
type TokenRequest = FastifyRequest<{ Params: { '*': string }; Body: unknown }>;

/** Register with `app.register(ackRoutes, deps)`: the form parser stays inside this plugin. */
export async function ackRoutes(app: FastifyInstance, deps: AckRouteDeps): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.get('/ack/*', async (request: TokenRequest, reply) => send(request, reply, await deps.inspect(request.params['*']), 'confirm'));

  app.post('/ack/*', async (request: TokenRequest, reply) => {
    const answer = await deps.use(request.params['*'], byOf(request.body));
    return send(request, reply, answer, 'done');
  });
}

function byOf(body: unknown): string {
  const by = typeof body === 'object' && body !== null && 'by' in body ? String(body.by).trim().slice(0, 80) : '';
  return by || 'someone, with the acknowledge link';
}

function send(request: TokenRequest, reply: FastifyReply, answer: LinkAnswer, stage: 'confirm' | 'done') {
  // The token is the credential: no caching, no Referer to whatever the page links to, no indexing.
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
  reply.status(answer.ok ? 200 : answer.status);
  if (wantsJson(request)) return reply.send(jsonOf(answer));
  return reply.type('text/html; charset=utf-8').send(answerPage(answer, stage));
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function jsonOf(answer: LinkAnswer) {
  if (!answer.ok) return { error: `${answer.title}: ${answer.detail}` };
  const { state } = answer;
  return {
    monitor: answer.monitor,
    status: state.status,
    since: state.since === null ? null : new Date(state.since).toISOString(),
    acknowledged_by: state.acknowledged?.by ?? null,
    ...(answer.outcome && { outcome: answer.outcome.code, message: answer.outcome.message }),
  };
}

/** The pages: tiny, self-contained HTML that reads well on a phone at 3 a.m. */
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}' +
  '@media (prefers-color-scheme:dark){body{color:#eee;background:#151515}}' +
  'h1{font-size:1.4rem}.down{color:#c62828}.degraded{color:#b26a00}.up{color:#2e7d32}' +
  'button{font-size:1.1rem;padding:.6rem 1.2rem;margin-top:.8rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}';

export function answerPage(answer: LinkAnswer, stage: 'confirm' | 'done'): string {
  if (!answer.ok) return page(answer.title, `<h1>${escape(answer.title)}</h1><p>${escape(answer.detail)}</p>`);
  const { monitor, state } = answer;
  const since = state.since === null ? '' : ` since ${new Date(state.since).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  const status = `<p><strong>${escape(monitor.name)}</strong> is <strong class="${state.status}">${state.status.toUpperCase()}</strong>${escape(since)}.</p>`;
  const message = state.message ? `<p>${escape(state.message)}</p>` : '';
  if (stage === 'done' || !isProblem(state.status) || state.acknowledged) {
    const outcome = answer.outcome?.message ?? (state.acknowledged ? `Already acknowledged by ${state.acknowledged.by}.` : 'There is nothing to acknowledge.');
    return page(`${monitor.name}: acknowledged`, `<h1>${escape(outcome)}</h1>${status}${message}`);
  }
  const form =
    '<form method="post"><label>Your name (optional)<input name="by" maxlength="80" autocomplete="name"></label>' +
    `<button type="submit">Acknowledge ${escape(monitor.name)}</button></form>`;
  return page(
    `Acknowledge ${monitor.name}?`,
    `<h1>Acknowledge ${escape(monitor.name)}?</h1>${status}${message}<p>Escalation and reminders stop until it recovers.</p>${form}`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)} · tocsin</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
