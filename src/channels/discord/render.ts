/**
 * Discord webhook: a short `content` line (what phones show) and one embed
 * with the details. Limits (Discord docs): content 2000, embed title 256,
 * description 4096, 25 fields of name 256 / value 1024, 6000 per embed.
 * Mentions are disabled: a monitor message containing "@everyone" must not ping a server.
 */
import { clip, describe, severityOf, type Severity } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const COLORS: Record<Severity, number> = { critical: 0xd1242f, warning: 0xbf8700, ok: 0x1a7f37, info: 0x0969da };

/**
 * Backslash-escapes Discord markdown so names like update_center do not turn
 * italic; quote, heading and list markers only matter at the start of a line.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1').replace(/^([>#-])/gm, '\\$1');
}

export function discordBody(n: Notification, context: RenderContext) {
  const d = describe(n, context);
  const links = d.links.map((l) => `[${l.label}](${l.url})`).join(' · ');
  const description = clip(escapeMarkdown(d.reason), 4096 - links.length - 2);
  return {
    content: clip(escapeMarkdown(d.headline), 2000),
    embeds: [
      {
        title: clip(d.title, 256),
        description: links ? `${description}\n\n${links}` : description,
        color: COLORS[severityOf(n)],
        fields: d.facts.slice(0, 25).map((f) => ({ name: clip(f.label, 256), value: clip(escapeMarkdown(f.value), 1024), inline: true })),
        timestamp: n.at,
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

export function render(n: Notification, config: ChannelOf<'discord'>, context: RenderContext): HttpRequest {
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(discordBody(n, context)) };
}
