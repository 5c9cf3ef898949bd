/**
 * Matrix client-server API: PUT an m.room.message event. The transaction id
 * is the notification id, so a retry after a lost answer is recognised by the
 * homeserver as the same event instead of being posted twice. m.text, not
 * m.notice: the default push rule `.m.rule.suppress_notices` silences notices.
 */
import { describe, symbolOf } from '../message.js';
import { escapeHtml } from '../telegram/render.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export function roomUrl(homeserver: string, room: string, txnId: string): string {
  return `${homeserver.replace(/\/+$/, '')}/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${encodeURIComponent(txnId)}`;
}

export function matrixContent(n: Notification, context: RenderContext) {
  const d = describe(n, context);
  const affects = n.dependants?.length ? `Affects: ${n.dependants.join(', ')}` : '';
  const plain = [`${symbolOf(n)} ${d.headline}`, d.reason, affects, ...d.links.map((l) => `${l.label}: ${l.url}`)].filter(Boolean).join('\n');
  const links = d.links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' · ');
  const html = [`${symbolOf(n)} <strong>${escapeHtml(d.headline)}</strong>`, `<code>${escapeHtml(d.reason)}</code>`, affects && escapeHtml(affects), links]
    .filter(Boolean)
    .join('<br>');
  return { msgtype: 'm.text', body: plain, format: 'org.matrix.custom.html', formatted_body: html };
}

export function render(n: Notification, config: ChannelOf<'matrix'>, context: RenderContext): HttpRequest {
  return {
    method: 'PUT',
    url: roomUrl(config.homeserver, config.room_id, n.id),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.access_token}` },
    body: JSON.stringify(matrixContent(n, context)),
  };
}
