/**
 * The message as text, for the many services that take one text field: plain lines, or Markdown
 * for those that render it. The check's message goes in a code block, so a `*` or `_` in an error
 * cannot turn the rest of the page into emphasis.
 */
import { clip, describe, symbolOf } from './message.js';
import type { Notification, RenderContext } from './types.js';

/**
 * Shares `max` characters between a head, the reason and a tail (links) joined by newlines. The
 * tail is what a person acts on, so it is kept first (up to half); the head gets up to half of
 * the rest, and the reason what remains. Monitor names and messages have no length of their own,
 * so every part may be clipped.
 */
export function fit(head: string, reason: string, tail: string, max: number, reasonOverhead = 0): [string, string, string] {
  const joints = 2 + reasonOverhead;
  const tailFit = clip(tail, Math.max(1, Math.floor((max - joints) / 2)));
  const headFit = clip(head, Math.max(1, Math.floor((max - joints - tailFit.length) / 2)));
  const reasonFit = clip(reason, Math.max(1, max - joints - headFit.length - tailFit.length));
  return [headFit, reasonFit, tailFit];
}

/** Headline, what was seen, who is affected, then one line per link. */
export function plainText(n: Notification, context: RenderContext, max = Number.MAX_SAFE_INTEGER): string {
  const d = describe(n, context);
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const tail = [affects, ...d.links.map((l) => `${l.label}: ${l.url}`)].filter(Boolean).join('\n');
  const [head, reason, links] = fit(`${symbolOf(n)} ${d.headline}`, d.reason, tail, max);
  return clip([head, reason, links].filter(Boolean).join('\n'), max);
}

/** The longest run of backticks (a loop, not Math.max(...runs): a huge message would overflow the arguments). */
function longestBackticks(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/** A fence longer than any run of backticks inside, so the reason cannot close it early. */
export function codeBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBackticks(text) + 1));
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
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const links = d.links.map((l) => mdLink(l.label, l.url)).join(options.linkSeparator ?? ' · ');
  // Room for the symbol, the bold markers and the fences around the reason.
  const fenceRoom = 2 * (Math.max(3, longestBackticks(d.reason) + 1) + 1);
  const [headline, reason, tail] = fit(d.headline.replace(/\*/g, '\\*'), d.reason, [affects, links].filter(Boolean).join('\n'), max - 8, fenceRoom);
  return clip([`${symbolOf(n)} **${headline}**`, codeBlock(reason), tail].filter(Boolean).join('\n'), max);
}

/**
 * For SMS: no emoji (one turns the whole text into UCS-2, 70 characters a segment), the headline
 * and what was seen, then the one link a person acts on from a phone.
 */
export function smsText(n: Notification, context: RenderContext, max: number): string {
  const d = describe(n, context);
  const link = d.links.find((l) => l.label === 'Acknowledge') ?? d.links[0];
  const tail = link ? `\n${link.label}: ${link.url}` : '';
  return clip(`${clip(`${d.headline}: ${d.reason}`, Math.max(20, max - tail.length))}${tail}`, max);
}

/**
 * For services that count UTF-8 bytes: renders with a character budget, and renders again with a
 * smaller one until the bytes fit (a CJK character is three bytes, an emoji four), so the
 * clipping still falls on the reason and the links survive.
 */
export function withinBytes(render: (maxChars: number) => string, maxBytes: number): string {
  let budget = maxBytes;
  let text = render(budget);
  for (let i = 0; i < 8 && Buffer.byteLength(text) > maxBytes; i++) {
    budget = Math.max(1, Math.floor((budget * maxBytes) / Buffer.byteLength(text)) - 4);
    text = render(budget);
  }
  // Past eight tries, cut from the end: never over the limit, even if a link is lost.
  while (Buffer.byteLength(text) > maxBytes) text = clip(text, text.length - Math.ceil((Buffer.byteLength(text) - maxBytes) / 4) - 1);
  return text;
}
