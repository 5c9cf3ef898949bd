/**
 * PagerDuty Events API v2. One dedup_key per episode folds trigger,
 * acknowledge and resolve into one alert; reminders re-trigger the same key,
 * which PagerDuty logs on the open alert instead of paging anew.
 */
import { boundedKey } from '../dedup.js';
import { clip, describe, severityOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export const PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';

type Action = 'trigger' | 'acknowledge' | 'resolve';

export function actionOf(n: Notification): Action {
  if (n.event === 'monitor.acknowledged') return 'acknowledge';
  if (n.event === 'monitor.up' || (n.event === 'tocsin.self' && n.state === 'up')) return 'resolve';
  return 'trigger';
}

/** PagerDuty knows critical, error, warning and info; a test should not wake anyone. */
function severity(n: Notification): 'critical' | 'warning' | 'info' {
  const level = severityOf(n);
  return level === 'critical' ? 'critical' : level === 'warning' ? 'warning' : 'info';
}

export function pagerdutyBody(n: Notification, config: ChannelOf<'pagerduty'>, context: RenderContext) {
  const base = { routing_key: config.routing_key, event_action: actionOf(n), dedup_key: boundedKey(n.dedup_key, 255) };
  if (base.event_action !== 'trigger') return base;
  const d = describe(n, context);
  return {
    ...base,
    payload: {
      summary: clip(`${d.headline}: ${d.reason}`, 1024),
      source: n.monitor.target,
      severity: severity(n),
      timestamp: n.at,
      component: n.monitor.id,
      class: n.monitor.type,
      custom_details: {
        monitor: n.monitor.name,
        event: n.event,
        message: n.message,
        since: n.since,
        ...(n.failed_checks ? { failed_checks: n.failed_checks } : {}),
        ...(n.dependants?.length ? { dependants: n.dependants } : {}),
        ...(n.incident_id ? { incident_id: n.incident_id } : {}),
        notification_id: n.id,
      },
    },
    client: context.source,
    ...(n.status_page_url ? { client_url: n.status_page_url } : {}),
    links: d.links.map((l) => ({ href: l.url, text: l.label })),
  };
}

export function render(n: Notification, config: ChannelOf<'pagerduty'>, context: RenderContext): HttpRequest {
  return { method: 'POST', url: PAGERDUTY_URL, headers: { 'content-type': 'application/json' }, body: JSON.stringify(pagerdutyBody(n, config, context)) };
}
