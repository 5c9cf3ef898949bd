/**
 * An incident as people read it — record, timeline, derived times, action items — and its
 * post-mortem draft: Markdown from the template, HTML through lib/markdown, mailed through an email
 * channel or published on a status page (which closes the incident's post-mortem).
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { AUTOMATED_HEADERS, type MailMessage } from '../channels/email/render.js';
import { send as sendMail } from '../channels/email/send.js';
import type { ChannelConfig, ChannelOf } from '../channels/types.js';
import { DEFAULT_TEMPLATE, postmortemMarkdown, unknownPlaceholders } from '../core/incident/postmortem.js';
import { buildTimeline, deriveTimes, type IncidentTimes, type TimelineEntry } from '../core/incident/timeline.js';
import type { ActionItem, ResponseIncident } from '../core/incident/types.js';
import type { TargetPolicy } from '../core/targets/policy.js';
import { TocsinError } from '../lib/errors.js';
import { html, trustedHtml } from '../lib/html.js';
import { markdown } from '../lib/markdown.js';
import type { StatusPageConfig } from '../schema/config.js';
import { getPost } from '../store/incidents.js';
import { actionItemsOf } from '../store/response-incidents.js';
import type { Db } from '../store/schema.js';
import type { AuditActor } from './audit.js';
import { openIncident as openPost, updatePost } from './incidents.js';
import { timelineSources } from './incident-facts.js';
import { changeIncident, mustGet, settlePostmortem } from './incident-response.js';
import { publishPost } from './subscriptions.js';

export interface IncidentView {
  incident: ResponseIncident;
  /** Resolved, and its post-mortem published or waived. */
  closed: boolean;
  times: IncidentTimes;
  timeline: TimelineEntry[];
  actionItems: ActionItem[];
}

export async function incidentView(db: Db, id: string, now: number): Promise<IncidentView> {
  const incident = await mustGet(db, id);
  const sources = await timelineSources(db, incident, now);
  return {
    incident,
    closed: incident.state === 'resolved' && incident.postmortem !== 'pending',
    times: deriveTimes(sources),
    timeline: buildTimeline(sources),
    actionItems: await actionItemsOf(db, [id]),
  };
}

const TEMPLATE_MAX_BYTES = 100_000;

/** The team's template (relative to the config file's folder) or the built-in one; a typo in a placeholder is refused, not printed. */
export async function readTemplate(path: string | undefined, baseDir: string): Promise<string> {
  if (path === undefined) return DEFAULT_TEMPLATE;
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  const where = `incidents.postmortem_template (${file})`;
  let text: string;
  try {
    if ((await stat(file)).size > TEMPLATE_MAX_BYTES) throw new TocsinError('config_invalid', `${where} is larger than ${TEMPLATE_MAX_BYTES / 1000} kB`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof TocsinError) throw error;
    throw new TocsinError('config_invalid', `${where} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      field: 'postmortem_template',
    });
  }
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0)
    throw new TocsinError('config_invalid', `${where} names unknown placeholders: ${unknown.map((n) => `{{${n}}}`).join(', ')}`, {
      field: 'postmortem_template',
      expected: 'placeholders listed in docs/incidents.md',
    });
  return text;
}

export interface Postmortem {
  title: string;
  markdown: string;
  html: string;
}

export async function postmortemOf(db: Db, id: string, now: number, template: string): Promise<Postmortem> {
  const incident = await mustGet(db, id);
  const sources = await timelineSources(db, incident, now);
  const text = postmortemMarkdown(template, {
    sources,
    times: deriveTimes(sources),
    timeline: buildTimeline(sources),
    actionItems: await actionItemsOf(db, [id]),
    now,
  });
  const title = `Post-mortem: ${incident.title}`;
  return { title, markdown: text, html: postmortemPage(title, text) };
}

/** A whole page: readable when saved to disk or opened from a mail, with no script and no outside resource. */
export function postmortemPage(title: string, text: string): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}</style>
</head>
<body>
${trustedHtml(markdown(text))}
</body>
</html>
`.text;
}

/** Sent straight to an email channel's recipients (like `notify test`): the person asking sees whether it went. */
export async function mailPostmortem(
  channels: Record<string, ChannelConfig>,
  channelId: string,
  postmortem: Postmortem,
  now: number,
  targets: TargetPolicy | undefined,
): Promise<{ ok: boolean; line: string }> {
  const config = Object.hasOwn(channels, channelId) ? channels[channelId] : undefined;
  if (!config) throw new TocsinError('not_found', `no channel "${channelId}"`, { field: 'channel' });
  if (config.type !== 'email')
    throw new TocsinError('invalid_input', `channel "${channelId}" is ${config.type}, not email`, { field: 'channel', expected: 'an email channel' });
  const email: ChannelOf<'email'> = config;
  const message: MailMessage = {
    from: email.from,
    to: email.to,
    subject: postmortem.title,
    text: postmortem.markdown,
    html: postmortem.html,
    date: new Date(now).toISOString(),
    messageId: `<postmortem-${now.toString(36)}@tocsin>`,
    references: '',
    headers: { ...AUTOMATED_HEADERS },
  };
  const outcome = await sendMail(message, email, { channel: channelId, timeoutMs: 30_000, targets });
  return outcome.ok ? { ok: true, line: `${channelId}: sent to ${email.to.join(', ')}` } : { ok: false, line: outcome.error };
}

/**
 * Publishes the post-mortem on a status page: as the closing update of the incident's open post on
 * that page, or as a new post closed at once. Either way the incident's post-mortem is published.
 */
export async function publishOnPage(
  ctx: { db: Db; now: number; actor: AuditActor; pages: readonly StatusPageConfig[]; after?: (post: { page: string }) => void },
  id: string,
  page: string,
  postmortem: Postmortem,
): Promise<ResponseIncident> {
  const incident = await mustGet(ctx.db, id);
  if (incident.state !== 'resolved') throw new TocsinError('conflict', `incident ${id} is ${incident.state}: resolve it before publishing its post-mortem`);
  const post = { db: ctx.db, now: ctx.now, pages: ctx.pages, actor: ctx.actor, ...(ctx.after && { after: ctx.after }) };
  let open: string | undefined;
  for (const postId of incident.posts) {
    const found = await getPost(ctx.db, postId);
    if (found && found.page === page && found.resolvedAt === null) open = found.id;
  }
  if (open === undefined) {
    const opened = await publishPost({ ...post, action: 'incident.open' }, (c) =>
      openPost(c, { page, title: incident.title, body: 'Post-mortem follows.', status: 'monitoring', components: incident.components }),
    );
    open = opened.id;
    await changeIncident({ db: ctx.db, now: ctx.now, actor: ctx.actor }, id, { addPosts: [open] });
  }
  const postId = open;
  await publishPost({ ...post, action: 'incident.update' }, (c) => updatePost(c, postId, { status: 'resolved', body: postmortem.markdown }));
  return settlePostmortem({ db: ctx.db, now: ctx.now, actor: ctx.actor }, id, 'published');
}
