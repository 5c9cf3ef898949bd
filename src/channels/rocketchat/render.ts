/**
 * Rocket.Chat incoming webhook: the headline as `text` (what notifications show) and one
 * attachment with the colour of the severity, the reason, the facts as short fields and the
 * first link as the title's target. Rocket.Chat renders its own Markdown in `text`, so the
 * headline's markers are escaped.
 */
import { SEVERITY_COLORS } from '../colors.js';
import { clip, describe, severityOf, symbolOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** Rocket.Chat's default message size limit. */
const LIMIT = 5000;

function escape(text: string): string {
  return text.replace(/([\\*_~`])/g, '\\$1');
}

export function rocketchatBody(n: Notification, config: ChannelOf<'rocketchat'>, context: RenderContext) {
  const d = describe(n, context);
  const [first] = d.links;
  const links = d.links.map((l) => `[${l.label}](${l.url})`).join(' · ');
  return {
    text: clip(`${symbolOf(n)} ${escape(d.headline)}`, LIMIT),
    ...(config.channel ? { channel: config.channel } : {}),
    attachments: [
      {
        title: clip(d.title, 200),
        ...(first ? { title_link: first.url } : {}),
        text: clip(links ? `${d.reason}\n${links}` : d.reason, LIMIT),
        color: SEVERITY_COLORS[severityOf(n)],
        fields: d.facts.map((f) => ({ short: true, title: f.label, value: clip(f.value, 500) })),
      },
    ],
  };
}

export function render(n: Notification, config: ChannelOf<'rocketchat'>, context: RenderContext): HttpRequest {
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(rocketchatBody(n, config, context)) };
}
