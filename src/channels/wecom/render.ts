/**
 * WeCom (WeChat Work) group robot: a markdown message. WeCom's Markdown knows headings, bold,
 * links, quotes and <font color="warning|info|comment">; content is limited to 4096 UTF-8 bytes.
 */
import { clip, describe, severityOf, symbolOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const LIMIT_BYTES = 4096;
const COLORS = { critical: 'warning', warning: 'comment', ok: 'info', info: 'comment' } as const;

export function wecomMarkdown(n: Notification, context: RenderContext): string {
  const d = describe(n, context);
  const head = `### ${symbolOf(n)} <font color="${COLORS[severityOf(n)]}">${d.title}</font>\n**${d.headline}**\n`;
  const affects = n.dependants?.length ? `\nAffects: ${n.dependants.join(', ')}` : '';
  const links = d.links.length ? `\n${d.links.map((l) => `[${l.label}](${l.url})`).join(' · ')}` : '';
  const budget = LIMIT_BYTES - Buffer.byteLength(head + affects + links) - 4;
  let reason = d.reason;
  // Bytes, not characters: a CJK character is three of WeCom's limit.
  while (Buffer.byteLength(reason) > budget && reason.length > 1) reason = clip(reason, Math.floor(reason.length * 0.9));
  return `${head}> ${reason.replace(/\n/g, '\n> ')}${affects}${links}`;
}

export function render(n: Notification, config: ChannelOf<'wecom'>, context: RenderContext): HttpRequest {
  const body = { msgtype: 'markdown', markdown: { content: wecomMarkdown(n, context) } };
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
