/**
 * Grafana OnCall "Formatted webhook" integration: alert_uid groups an episode's alerts, state
 * "ok" resolves the group, link_to_upstream_details points back (runbook first). OnCall has no
 * acknowledge through this integration, so an acknowledgement arrives as a note on the group.
 */
import { clip, describe } from '../message.js';
import { markdownText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export function stateOf(n: Notification): 'ok' | 'alerting' {
  return n.event === 'monitor.up' || (n.event === 'tocsin.self' && n.state === 'up') ? 'ok' : 'alerting';
}

export function render(n: Notification, config: ChannelOf<'grafana_oncall'>, context: RenderContext): HttpRequest {
  const d = describe(n, context);
  const [link] = d.links;
  const body = {
    alert_uid: n.dedup_key,
    title: clip(d.title, 250),
    state: stateOf(n),
    ...(link ? { link_to_upstream_details: link.url } : {}),
    message: markdownText(n, context, { max: 10_000 }),
  };
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
