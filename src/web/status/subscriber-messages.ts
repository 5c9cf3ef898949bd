/**
 * What subscribers receive, as pure functions: the notice stored in subscriber_messages when a post
 * changes (or someone subscribes), and the email or webhook request made of it when it is sent.
 * Links are added at sending time from the subscriber's current token, so an unsubscribe link is
 * never stale.
 */
import { AUTOMATED_HEADERS, type MailMessage } from '../../channels/email/render.js';
import type { HttpRequest } from '../../channels/types.js';
import type { Post, PostStatus } from '../../store/incidents.js';
import type { Subscriber } from '../../store/subscribers.js';
import { formatTime } from './escape.js';
import { html, trustedHtml } from '../../lib/html.js';
import { markdown, plainText } from '../../lib/markdown.js';

export type PostEvent = 'incident.created' | 'incident.updated' | 'maintenance.scheduled' | 'maintenance.updated';

export interface PageRef {
  slug: string;
  title: string;
}

export type SubscriberNotice =
  | { type: 'confirm'; page: PageRef; components: string[] | null }
  | {
      type: 'post';
      event: PostEvent;
      page: PageRef;
      post: {
        id: string;
        kind: Post['kind'];
        title: string;
        impact: Post['impact'];
        status: PostStatus;
        components: string[];
        startsAt: number;
        endsAt: number | null;
        resolvedAt: number | null;
      };
      update: { id: string; status: PostStatus; body: string; at: number };
    };

export interface SubscriberLinks {
  page: string;
  confirm: string;
  unsubscribe: string;
}

export const STATUS_WORDS: Record<PostStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
};

/** The notice for the newest update of `post`; undefined for a post without updates. */
export function postNotice(post: Post, page: PageRef): SubscriberNotice | undefined {
  const update = post.updates[0];
  if (!update) return undefined;
  const first = post.updates.length === 1;
  const event: PostEvent =
    post.kind === 'incident' ? (first ? 'incident.created' : 'incident.updated') : first ? 'maintenance.scheduled' : 'maintenance.updated';
  const { updates: _updates, page: _page, createdAt: _c, updatedAt: _u, ...fields } = post;
  return { type: 'post', event, page, post: fields, update };
}

export function subjectOf(notice: SubscriberNotice): string {
  if (notice.type === 'confirm') return `Confirm your subscription to ${notice.page.title} status`;
  return `[${notice.page.title} status] ${notice.post.title}: ${STATUS_WORDS[notice.update.status]}`;
}

/** Does this post concern the subscriber? A post naming no component concerns the whole page. */
export function concerns(subscriber: Pick<Subscriber, 'components'>, post: Pick<Post, 'components'>): boolean {
  if (subscriber.components === null || post.components.length === 0) return true;
  return post.components.some((c) => subscriber.components?.includes(c));
}

export function linksFor(subscriber: Pick<Subscriber, 'page' | 'token'>, baseUrl: string): SubscriberLinks {
  const page = `${baseUrl.replace(/\/$/, '')}/status/${encodeURIComponent(subscriber.page)}`;
  const token = encodeURIComponent(subscriber.token);
  return { page, confirm: `${page}/subscribe/confirm?token=${token}`, unsubscribe: `${page}/unsubscribe?token=${token}` };
}

function textOf(notice: SubscriberNotice, links: SubscriberLinks): string[] {
  if (notice.type === 'confirm') {
    const what = notice.components ? `these components: ${notice.components.join(', ')}` : 'every incident and maintenance';
    return [
      `Someone (hopefully you) asked to be told about ${what} on ${notice.page.title} status.`,
      '',
      `To confirm, open: ${links.confirm}`,
      '',
      'If it was not you, ignore this message: nothing will be sent.',
    ];
  }
  const { post, update } = notice;
  const when =
    post.kind === 'maintenance'
      ? `Maintenance from ${formatTime(post.startsAt)}${post.endsAt !== null ? ` to ${formatTime(post.endsAt)}` : ''}`
      : `Incident since ${formatTime(post.startsAt)}`;
  const affects = post.components.length ? [`Affects: ${post.components.join(', ')}`] : [];
  return [
    `${post.title}`,
    `${STATUS_WORDS[update.status]} · ${formatTime(update.at)}`,
    '',
    plainText(update.body),
    '',
    when,
    ...affects,
    '',
    `Status page: ${links.page}#p-${post.id}`,
  ];
}

export function renderMail(messageId: string, notice: SubscriberNotice, subscriber: Subscriber, links: SubscriberLinks, from: string, at: number): MailMessage {
  const lines = textOf(notice, links);
  const footer = notice.type === 'confirm' ? [] : ['', '-- ', `Unsubscribe with one click: ${links.unsubscribe}`];
  // markdown-it renders with raw HTML off: its output is safe markup by construction.
  const body =
    notice.type === 'post'
      ? trustedHtml(markdown(notice.update.body))
      : html`<p>${lines[0] ?? ''}</p><p><a href="${links.confirm}">Confirm the subscription</a></p><p>${lines[4] ?? ''}</p>`;
  const head =
    notice.type === 'post' &&
    html`<h2>${notice.post.title}</h2><p><strong>${STATUS_WORDS[notice.update.status]}</strong> · ${formatTime(notice.update.at)}</p>`;
  const tail =
    notice.type === 'post' &&
    html`<p><a href="${`${links.page}#p-${notice.post.id}`}">See the status page</a></p><p style="color:#6e7781"><a href="${links.unsubscribe}">Unsubscribe</a></p>`;
  const domain = from.replace(/^.*@/, '').replace(/>$/, '') || 'tocsin';
  return {
    from,
    to: [subscriber.address],
    subject: subjectOf(notice),
    text: [...lines, ...footer, ''].join('\n'),
    html: `${html`${head}${body}${tail}`.text}\n`,
    date: new Date(at).toISOString(),
    messageId: `<${messageId.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`,
    // Every update of one incident or maintenance follows the post: one thread per post.
    ...(notice.type === 'post' ? { inReplyTo: `<${notice.post.id}@${domain}>` } : {}),
    references: notice.type === 'post' ? `<${notice.post.id}@${domain}>` : `<${subscriber.id}@${domain}>`,
    // RFC 2369 and RFC 8058: mail clients offer an unsubscribe button that POSTs to the link.
    // A confirmation has nothing to unsubscribe from yet: ignoring it is the way out.
    headers:
      notice.type === 'confirm'
        ? { ...AUTOMATED_HEADERS, 'X-Tocsin-Page': subscriber.page }
        : {
            ...AUTOMATED_HEADERS,
            'List-Unsubscribe': `<${links.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'X-Tocsin-Page': subscriber.page,
          },
  };
}

/** The JSON a webhook subscriber receives; `id` stays the same across retries. */
export function renderWebhook(messageId: string, notice: SubscriberNotice, subscriber: Subscriber, links: SubscriberLinks, at: number): HttpRequest {
  const base = { id: messageId, at: new Date(at).toISOString(), page: { ...notice.page, url: links.page } };
  const body =
    notice.type === 'confirm'
      ? { event: 'subscription.confirm', ...base, components: notice.components, confirm_url: links.confirm }
      : {
          event: notice.event,
          ...base,
          incident: incidentJson(notice.post, `${links.page}#p-${notice.post.id}`),
          update: { id: notice.update.id, status: notice.update.status, body: notice.update.body, at: iso(notice.update.at) },
          unsubscribe_url: links.unsubscribe,
        };
  return { method: 'POST', url: subscriber.address, headers: { 'content-type': 'application/json', 'user-agent': 'tocsin' }, body: JSON.stringify(body) };
}

function incidentJson(post: Extract<SubscriberNotice, { type: 'post' }>['post'], url: string) {
  const { id, kind, title, impact, status, components } = post;
  return { id, kind, title, impact, status, components, url, starts_at: iso(post.startsAt), ends_at: iso(post.endsAt), resolved_at: iso(post.resolvedAt) };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
