/**
 * Alerts from other tools: Alertmanager's webhook (payload version 4) and a generic webhook for CI
 * systems and scripts that raise and resolve alerts by key. Both need a write token (Alertmanager:
 * `http_config.authorization.credentials`). A refused delivery is a page nobody gets: every refusal
 * of these routes is logged and counted (src/api/refusals.ts).
 */
import { z } from 'zod';
import type { Status } from '../../core/types.js';
import { TocsinError } from '../../lib/errors.js';
import { alertmanagerResponse, webhookIntakeResponse } from '../../schema/api-alerts.js';
import { id } from '../../schema/primitives.js';
import type { InboundAlert } from '../../services/inbound-alerts.js';
import { distinguishingLabels } from '../../services/inbound-names.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

const labels = z.record(z.string(), z.string());

/**
 * What an Alertmanager notification may weigh. Alertmanager sends a whole group in one POST
 * (webhook_config `max_alerts` defaults to 0: every alert) and gives up on a 4xx, so the limit is
 * the only bound on a group: about 5,000 alerts of 1.5 kB. Past it: 413, logged and counted.
 */
export const INTAKE_BODY_LIMIT = 8 * 1024 * 1024;

/** Alertmanager's webhook payload, version 4; fields added over versions are accepted, only what tocsin reads is checked. */
const alertmanagerBody = z.object({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional().meta({ description: 'How many alerts Alertmanager left out because of its max_alerts' }),
  status: z.enum(['firing', 'resolved']),
  groupLabels: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      labels,
      annotations: labels.default({}),
      startsAt: z.string().optional(),
      endsAt: z.string().optional(),
      generatorURL: z.string().optional(),
      fingerprint: z.string().min(1).max(200),
    }),
  ),
});

const webhookBody = z.strictObject({
  key: z.string().min(1).max(200).meta({ description: 'Identifies the alert: the same key resolves what it raised' }),
  status: z.enum(['firing', 'resolved']),
  severity: z.enum(['critical', 'warning']).default('critical').meta({ description: 'critical pages as down, warning as degraded' }),
  name: z.string().min(1).max(200).optional(),
  summary: z.string().max(2000).optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ description: 'Where a person can see more (a CI run, a log)' }),
  escalation: id().optional(),
});

const severityOf = (label: string | undefined): Status => (label === 'warning' || label === 'info' ? 'degraded' : 'down');

export function fromAlertmanager(body: z.output<typeof alertmanagerBody>): InboundAlert[] {
  const distinguishing = distinguishingLabels(body.alerts, body.groupLabels);
  return body.alerts.map((a) => {
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    const message = (name: string) =>
      a.status === 'firing'
        ? `${name} is firing in Prometheus${a.startsAt ? ` since ${a.startsAt}` : ''}${summary ? `: ${summary}` : ''}`
        : `${name} resolved in Alertmanager${a.endsAt ? ` at ${a.endsAt}` : ''}`;
    // The alert's own link, else the Alertmanager that sent it; never one made up.
    const url = a.generatorURL || body.externalURL;
    return {
      source: 'am',
      key: a.fingerprint,
      title: a.labels.alertname ?? 'alert',
      labels: a.labels,
      distinguishing,
      firing: a.status === 'firing',
      severity: severityOf(a.labels.severity),
      message,
      ...(url && { url }),
      ...(a.labels.tocsin_escalation && { escalation: a.labels.tocsin_escalation }),
    };
  });
}

export function integrationRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'POST',
      url: '/api/v1/integrations/alertmanager',
      tag: 'integrations',
      access: 'write',
      body: alertmanagerBody,
      bodyLimit: INTAKE_BODY_LIMIT,
      summary:
        "Alertmanager webhook receiver: firing and resolved alerts page through tocsin's escalation (label tocsin_escalation picks a policy); a group of any size up to 8 MiB",
      responses: { 200: answers('Accepted; the synthetic monitor ids', alertmanagerResponse), 413: 'Body over 8 MiB' },
      handler: async ({ body, request }) => {
        if (body.truncatedAlerts) {
          request.log.warn(
            { groupKey: body.groupKey, truncated: body.truncatedAlerts },
            `Alertmanager left ${body.truncatedAlerts} alerts out of group ${body.groupKey ?? '?'} (max_alerts): they do not page; set max_alerts to 0`,
          );
        }
        const ids = await deps.inbound.receive(fromAlertmanager(body));
        for (const monitorId of ids) deps.events.publish('alert', { id: monitorId, action: 'received' });
        return { accepted: ids.length, monitors: ids };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/integrations/webhook',
      tag: 'integrations',
      access: 'write',
      body: webhookBody,
      summary: 'Raise (status firing) or resolve (status resolved) an alert by key, from CI systems and scripts',
      responses: { 200: answers('Accepted; the synthetic monitor id', webhookIntakeResponse) },
      handler: async ({ body }) => {
        if (body.escalation !== undefined && !deps.config().escalations[body.escalation]) {
          throw new TocsinError('invalid_input', `body escalation: no escalation policy "${body.escalation}"`, {
            field: 'escalation',
            expected: `one of ${Object.keys(deps.config().escalations).join(', ') || '(none defined)'}`,
          });
        }
        const summary = body.summary ? `: ${body.summary}` : '';
        const message = (name: string) => `${name} ${body.status === 'firing' ? 'raised' : 'resolved'} by webhook${summary}`;
        const [monitorId] = await deps.inbound.receive([
          {
            source: 'hook',
            key: body.key,
            title: body.name ?? body.key,
            firing: body.status === 'firing',
            severity: body.severity === 'warning' ? 'degraded' : 'down',
            message,
            ...(body.url && { url: body.url }),
            ...(body.escalation && { escalation: body.escalation }),
          },
        ]);
        deps.events.publish('alert', { id: monitorId, action: 'received' });
        return { monitor: monitorId };
      },
    }),
  ];
}
