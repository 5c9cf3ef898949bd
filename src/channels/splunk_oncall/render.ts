/**
 * Splunk On-Call (VictorOps) REST endpoint integration:
 * POST /integrations/generic/20131114/alert/{api_key}/{routing_key}. entity_id folds an
 * episode into one incident; message_type CRITICAL or WARNING opens it, ACKNOWLEDGEMENT and
 * RECOVERY act on it, INFO (a test) only shows in the timeline.
 */
import { boundedKey } from '../dedup.js';
import { clip, describe, severityOf } from '../message.js';
import { plainText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export const SPLUNK_ONCALL_URL = 'https://alert.victorops.com/integrations/generic/20131114/alert';

export type MessageType = 'CRITICAL' | 'WARNING' | 'ACKNOWLEDGEMENT' | 'INFO' | 'RECOVERY';

export function messageTypeOf(n: Notification): MessageType {
  if (n.event === 'monitor.acknowledged') return 'ACKNOWLEDGEMENT';
  if (n.event === 'test') return 'INFO';
  const severity = severityOf(n);
  if (severity === 'ok') return 'RECOVERY';
  return severity === 'warning' ? 'WARNING' : 'CRITICAL';
}

export function render(n: Notification, config: ChannelOf<'splunk_oncall'>, context: RenderContext): HttpRequest {
  const d = describe(n, context);
  const type = messageTypeOf(n);
  const body = {
    message_type: type,
    entity_id: boundedKey(n.dedup_key, 255),
    entity_display_name: clip(d.title, 255),
    state_message: plainText(n, context, 20_000),
    state_start_time: Math.floor(Date.parse(n.at) / 1000),
    monitoring_tool: 'tocsin',
    host_name: context.source,
    monitor_id: n.monitor.id,
    ...(type === 'ACKNOWLEDGEMENT' && n.acknowledged_by ? { ack_author: n.acknowledged_by } : {}),
  };
  const url = `${SPLUNK_ONCALL_URL}/${encodeURIComponent(config.api_key)}/${encodeURIComponent(config.routing_key)}`;
  return { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
