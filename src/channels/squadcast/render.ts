/**
 * Squadcast incident webhook: status "trigger" opens or updates the incident whose event_id is
 * the episode, "resolve" closes it. Squadcast takes no acknowledgement through this webhook, so
 * an acknowledgement is skipped rather than re-triggering the incident someone just took.
 */
import { clip, describe, severityOf } from '../message.js';
import { markdownText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext, Skipped } from '../types.js';

export function render(n: Notification, config: ChannelOf<'squadcast'>, context: RenderContext): HttpRequest | Skipped {
  if (n.event === 'monitor.acknowledged') return { skip: 'Squadcast takes acknowledgements in Squadcast, not through its webhook' };
  const resolve = n.event === 'monitor.up' || (n.event === 'tocsin.self' && n.state === 'up');
  const d = describe(n, context);
  const body = resolve
    ? { status: 'resolve', event_id: n.dedup_key }
    : {
        message: clip(d.title, 250),
        description: markdownText(n, context, { max: 10_000 }),
        tags: { monitor: n.monitor.id, type: n.monitor.type, state: n.state, severity: severityOf(n), source: context.source },
        status: 'trigger',
        event_id: n.dedup_key,
      };
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
