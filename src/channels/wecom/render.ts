/**
 * WeCom (WeChat Work) group robot: a markdown message. WeCom's Markdown knows headings, bold,
 * links, quotes and <font color="warning|info|comment">; content is limited to 4096 UTF-8 bytes.
 */
import { clip, describe, severityOf, symbolOf } from '../message.js';
import { fit, withinBytes } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const LIMIT_BYTES = 4096;
const COLORS = { critical: 'warning', warning: 'comment', ok: 'info', info: 'comment' } as const;

function markdownWithin(n: Notification, context: RenderContext, max: number): string {
  const d = describe(n, context);
  const title = `### ${symbolOf(n)} <font color="${COLORS[severityOf(n)]}">${clip(d.title, 100)}</font>`;
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const links = d.links.map((l) => `[${l.label}](${l.url})`).join(' · ');
  const [headline, reason, tail] = fit(d.headline, d.reason, [affects, links].filter(Boolean).join('\n'), max - title.length - 8);
  return [title, `**${headline}**`, `> ${reason.replace(/\n/g, '\n> ')}`, tail].filter(Boolean).join('\n');
}

export function wecomMarkdown(n: Notification, context: RenderContext): string {
  return withinBytes((max) => markdownWithin(n, context, max), LIMIT_BYTES);
}

export function render(n: Notification, config: ChannelOf<'wecom'>, context: RenderContext): HttpRequest {
  const body = { msgtype: 'markdown', markdown: { content: wecomMarkdown(n, context) } };
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
