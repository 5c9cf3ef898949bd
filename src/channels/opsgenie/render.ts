/**
 * Opsgenie Alert API v2. The alias (one per episode) deduplicates: a
 * reminder re-posts the same alias and Opsgenie counts it on the open alert;
 * recovery closes and acknowledgement acknowledges that alias.
 * Limits (Opsgenie docs): message 130, alias 512, description 15000, detail values kept short.
 */
import { boundedKey } from '../dedup.js';
import { clip, describe, severityOf } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const HOSTS = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' } as const;

const PRIORITIES = { critical: 'P1', warning: 'P3', ok: 'P5', info: 'P5' } as const;

export function render(n: Notification, config: ChannelOf<'opsgenie'>, context: RenderContext): HttpRequest {
  const alias = boundedKey(n.dedup_key, 512);
  const d = describe(n, context);
  const headers = { 'content-type': 'application/json', authorization: `GenieKey ${config.api_key}` };
  const onAlias = (verb: 'close' | 'acknowledge', body: object): HttpRequest => ({
    method: 'POST',
    url: `${HOSTS[config.region]}/v2/alerts/${encodeURIComponent(alias)}/${verb}?identifierType=alias`,
    headers,
    body: JSON.stringify(body),
  });
  if (n.event === 'monitor.up' || (n.event === 'tocsin.self' && n.state === 'up')) return onAlias('close', { source: context.source, note: d.headline });
  if (n.event === 'monitor.acknowledged') return onAlias('acknowledge', { source: context.source, user: n.acknowledged_by ?? 'tocsin', note: d.headline });
  const body = {
    message: clip(d.headline, 130),
    alias,
    description: clip(d.text, 15000),
    priority: PRIORITIES[severityOf(n)],
    source: context.source,
    entity: n.monitor.id,
    tags: ['tocsin', n.monitor.type, n.event],
    details: detailsOf(n),
  };
  return { method: 'POST', url: `${HOSTS[config.region]}/v2/alerts`, headers, body: JSON.stringify(body) };
}

/** Opsgenie details are a flat string map. */
function detailsOf(n: Notification): Record<string, string> {
  const details: Record<string, string> = { monitor: n.monitor.name, target: n.monitor.target, state: n.state, since: n.since, notification_id: n.id };
  if (n.failed_checks) details.failed_checks = String(n.failed_checks);
  if (n.dependants?.length) details.dependants = n.dependants.join(', ');
  if (n.incident_id) details.incident_id = n.incident_id;
  if (n.runbook_url) details.runbook = n.runbook_url;
  if (n.ack_url) details.acknowledge = n.ack_url;
  return details;
}
