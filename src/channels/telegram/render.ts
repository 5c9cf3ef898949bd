/**
 * Telegram Bot API sendMessage with parse_mode HTML: only <, > and & need
 * escaping (quotes too inside href). Messages are limited to 4096 characters
 * after entity parsing; we budget on the raw HTML, which is stricter.
 */
import { clip, describe, symbolOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export const TELEGRAM_API = 'https://api.telegram.org';
const LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function telegramHtml(n: Notification, context: RenderContext): string {
  const d = describe(n, context);
  const head = `${symbolOf(n)} <b>${escapeHtml(clip(d.headline, 300))}</b>\n`;
  const affects = n.dependants?.length ? `\nAffects: ${escapeHtml(n.dependants.join(', '))}` : '';
  const links = d.links.length ? `\n${d.links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' · ')}` : '';
  return `${head}${fitted(d.reason, LIMIT - head.length - affects.length - links.length)}${affects}${links}`;
}

/** The reason, clipped before escaping (never mid-entity) until its escaped form fits. */
function fitted(reason: string, budget: number): string {
  let max = Math.max(1, budget);
  let escaped = escapeHtml(clip(reason, max));
  while (escaped.length > budget && max > 1) {
    max = Math.max(1, max - (escaped.length - budget));
    escaped = escapeHtml(clip(reason, max));
  }
  return escaped;
}

export function render(n: Notification, config: ChannelOf<'telegram'>, context: RenderContext): HttpRequest {
  const body = { chat_id: config.chat_id, text: telegramHtml(n, context), parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
  return {
    method: 'POST',
    url: `${TELEGRAM_API}/bot${config.bot_token}/sendMessage`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
