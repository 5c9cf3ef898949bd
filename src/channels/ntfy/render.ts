/**
 * ntfy: POST the text to the topic URL, with Title, Priority, Tags, Click and
 * Actions headers. Posting to the topic URL (rather than JSON to the server
 * root) works whatever path prefix a self-hosted server sits under.
 */
import { describe, severityOf, type Severity } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const TAGS: Record<Severity, string> = { critical: 'rotating_light', warning: 'warning', ok: 'white_check_mark', info: 'information_source' };

/**
 * The configured priority is for problems (down, reminders, tocsin itself);
 * recoveries and tests stay at the default so they never ring like a page.
 */
export function priorityOf(n: Notification, configured: number | undefined): number {
  const level = severityOf(n);
  if (level === 'critical') return configured ?? 5;
  if (level === 'warning') return Math.min(configured ?? 4, 4);
  return 3;
}

/** HTTP header values must be ASCII; ntfy decodes RFC 2047 encoded words for anything else. */
export function headerText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

export function render(n: Notification, config: ChannelOf<'ntfy'>, context: RenderContext): HttpRequest {
  const d = describe(n, context);
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(d.title),
    priority: String(priorityOf(n, config.priority)),
    tags: `${TAGS[severityOf(n)]},${n.monitor.id}`,
  };
  const click = d.links.find((l) => l.label === 'Acknowledge') ?? d.links[0];
  if (click) headers.click = new URL(click.url).href;
  // ntfy allows three action buttons.
  if (d.links.length > 0)
    headers.actions = d.links
      .slice(0, 3)
      .map((l) => `view, ${l.label}, ${new URL(l.url).href}`)
      .join('; ');
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  const affects = n.dependants?.length ? `\nAffects: ${n.dependants.join(', ')}` : '';
  return { method: 'POST', url: config.url, headers, body: `${d.headline}\n${d.reason}${affects}` };
}
