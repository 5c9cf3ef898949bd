/**
 * Email: a plain-text part for terminals and pagers, an HTML part for mail
 * clients. The Message-ID derives from the notification id (a retry is the
 * same message). In-Reply-To and References name the episode, so a client
 * threads "down", reminders and "up" of one outage together under it. The
 * episode is never itself a Message-ID: a second "down" of the same episode
 * (an escalation step) claiming it would be dropped as a duplicate by Gmail.
 * Auto-Submitted (RFC 3834) keeps vacation responders and ticket systems from
 * answering an alert; X-Auto-Response-Suppress asks the same of Exchange.
 */
import { describe, symbolOf } from '../message.js';
import { escapeHtml } from '../telegram/render.js';
import type { ChannelOf, Notification, RenderContext } from '../types.js';

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  date: string;
  messageId: string;
  /** The message this one follows: for alerts, the episode. */
  inReplyTo?: string;
  references: string;
  headers: Record<string, string>;
}

/** Every mail tocsin writes is machine-made: no auto-replies to it (RFC 3834 §5, and Exchange's own header). */
export const AUTOMATED_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' } as const;

/** RFC 5322 msg-id: dot-atom text only. */
function msgId(local: string, domain: string): string {
  const atom = (s: string) => s.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g, '_');
  return `<${atom(local)}@${atom(domain)}>`;
}

export function render(n: Notification, config: ChannelOf<'email'>, context: RenderContext): MailMessage {
  const d = describe(n, context);
  const footer = `${context.source} · notification ${n.id} (${n.event})`;
  const text = [
    d.headline,
    '',
    d.reason,
    '',
    ...d.facts.map((f) => `${f.label}: ${f.value}`),
    ...(d.links.length ? ['', ...d.links.map((l) => `${l.label}: ${l.url}`)] : []),
    '',
    '-- ',
    footer,
    '',
  ].join('\n');
  const rows = d.facts.map((f) => `<tr><th align="left">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('');
  const links = d.links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' · ');
  const html =
    `<h2>${symbolOf(n)} ${escapeHtml(d.headline)}</h2>\n<pre>${escapeHtml(d.reason)}</pre>\n<table>${rows}</table>\n` +
    (links ? `<p>${links}</p>\n` : '') +
    `<p style="color:#6e7781">${escapeHtml(footer)}</p>\n`;
  return {
    from: config.from,
    to: config.to,
    subject: `[tocsin] ${d.headline}`,
    text,
    html,
    date: n.at,
    messageId: msgId(n.id, context.source),
    inReplyTo: msgId(n.dedup_key, context.source),
    references: msgId(n.dedup_key, context.source),
    headers: { ...AUTOMATED_HEADERS, 'X-Tocsin-Event': n.event, 'X-Tocsin-Monitor': n.monitor.id },
  };
}
