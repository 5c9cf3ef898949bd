/**
 * The message as text, for the many services that take one text field: plain lines, or Markdown
 * for those that render it. The check's message goes in a code block, so a `*` or `_` in an error
 * cannot turn the rest of the page into emphasis.
 */
import { clip, describe, symbolOf } from './message.js';
import type { Notification, RenderContext } from './types.js';

/** Headline, what was seen, who is affected, then one line per link. */
export function plainText(n: Notification, context: RenderContext, max = Number.MAX_SAFE_INTEGER): string {
  const d = describe(n, context);
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const tail = [affects, ...d.links.map((l) => `${l.label}: ${l.url}`)].filter(Boolean).join('\n');
  const head = `${symbolOf(n)} ${d.headline}`;
  // The reason is what gives way when the service's limit is near: headline and links stay usable.
  const room = max - head.length - tail.length - 2;
  return [head, clip(d.reason, Math.max(1, room)), tail].filter(Boolean).join('\n');
}

/** A fence longer than any run of backticks inside, so the reason cannot close it early. */
export function codeBlock(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${text}\n${fence}`;
}

/** Markdown link text cannot hold brackets; URLs cannot hold spaces or parentheses unescaped. */
function mdLink(label: string, url: string): string {
  return `[${label.replace(/[[\]]/g, '')}](${url.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

export interface MarkdownOptions {
  /** Longest text the service takes. */
  max?: number;
  /** Separator between the links (some renderers want a line each). */
  linkSeparator?: string;
}

export function markdownText(n: Notification, context: RenderContext, options: MarkdownOptions = {}): string {
  const d = describe(n, context);
  const head = `${symbolOf(n)} **${d.headline.replace(/\*/g, '\\*')}**`;
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const links = d.links.map((l) => mdLink(l.label, l.url)).join(options.linkSeparator ?? ' · ');
  const tail = [affects, links].filter(Boolean).join('\n');
  const room = (options.max ?? Number.MAX_SAFE_INTEGER) - head.length - tail.length - 20;
  return [head, codeBlock(clip(d.reason, Math.max(1, room))), tail].filter(Boolean).join('\n');
}

/**
 * For SMS: no emoji (one turns the whole text into UCS-2, 70 characters a segment), the headline
 * and what was seen, then the one link a person acts on from a phone.
 */
export function smsText(n: Notification, context: RenderContext, max: number): string {
  const d = describe(n, context);
  const link = d.links.find((l) => l.label === 'Acknowledge') ?? d.links[0];
  const tail = link ? `\n${link.label}: ${link.url}` : '';
  return `${clip(`${d.headline}: ${d.reason}`, Math.max(20, max - tail.length))}${tail}`;
}
