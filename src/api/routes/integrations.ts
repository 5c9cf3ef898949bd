/**
 * Alerts from other tools: Alertmanager's webhook (payload version 4) and a generic webhook for CI
 * systems and scripts that raise and resolve alerts by key. Both need a write token (Alertmanager:
 * `http_config.authorization.credentials`).
 */
import { z } from 'zod';
import type { Status } from '../../core/types.js';
import { TocsinError } from '../../lib/errors.js';
import { id } from '../../schema/primitives.js';
import type { InboundAlert } from '../../services/inbound-alerts.js';
import type { ApiDeps } from './deps.js';
import { route, type ApiRoute } from './route.js';

const labels = z.record(z.string(), z.string());

/** Alertmanager adds fields over versions; only what tocsin reads is checked. */
const alertmanagerBody = z.object({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  externalURL: z.string().optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels,
        annotations: labels.default({}),
        startsAt: z.string().optional(),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().min(1).max(200),
      }),
    )
    .max(1000),
});

const webhookBody = z.strictObject({
  key: z.string().min(1).max(200).meta({ description: 'Identifies the alert: the same key resolves what it raised' }),
  status: z.enum(['firing', 'resolved']),
  severity: z.enum(['critical', 'warning']).default('critical').meta({ description: 'critical pages as down, warning as degraded' }),
  name: z.string().min(1).max(200).optional(),
  summary: z.string().max(2000).optional(),
  url: z.url({ protocol: /^https?$/ }).optional().meta({ description: 'Where a person can see more (a CI run, a log)' }),
  escalation: id().optional(),
});

const severityOf = (label: string | undefined): Status => (label === 'warning' || label === 'info' ? 'degraded' : 'down');

export function fromAlertmanager(body: z.output<typeof alertmanagerBody>): InboundAlert[] {
  return body.alerts.map((a) => {
    const name = [a.labels.alertname ?? 'alert', a.labels.instance].filter(Boolean).join(' on ');
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    const message = a.status === 'firing'
      ? `${name} is firing in Prometheus${a.startsAt ? ` since ${a.startsAt}` : ''}${summary ? `: ${summary}` : ''}`
      : `${name} resolved in Alertmanager${a.endsAt ? ` at ${a.endsAt}` : ''}`;
    return {
      source: 'am', key: a.fingerprint, name, firing: a.status === 'firing', severity: severityOf(a.labels.severity), message,
      ...(a.generatorURL && { url: a.generatorURL }),
      ...(a.labels.tocsin_escalation && { escalation: a.labels.tocsin_escalation }),
    };
  });
}

export function integrationRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'POST', url: '/api/v1/integrations/alertmanager', tag: 'integrations', access: 'write', body: alertmanagerBody,
      summary: 'Alertmanager webhook receiver: firing and resolved alerts page through tocsin\'s escalation (label tocsin_escalation picks a policy)',
      responses: { 200: 'Accepted; the synthetic monitor ids' },
      handler: async ({ body }) => {
        const ids = await deps.inbound.receive(fromAlertmanager(body));
        for (const monitorId of ids) deps.events.publish('alert', { id: monitorId, action: 'received' });
        return { accepted: ids.length, monitors: ids };
      },
    }),
    route({
      method: 'POST', url: '/api/v1/integrations/webhook', tag: 'integrations', access: 'write', body: webhookBody,
      summary: 'Raise (status firing) or resolve (status resolved) an alert by key, from CI systems and scripts',
      responses: { 200: 'Accepted; the synthetic monitor id' },
      handler: async ({ body }) => {
        if (body.escalation !== undefined && !deps.config().escalations[body.escalation]) {
          throw new TocsinError('invalid_input', `body escalation: no escalation policy "${body.escalation}"`, { field: 'escalation', expected: `one of ${Object.keys(deps.config().escalations).join(', ') || '(none defined)'}` });
        }
        const name = body.name ?? body.key;
        const message = body.status === 'firing' ? `${name} raised by webhook${body.summary ? `: ${body.summary}` : ''}` : `${name} resolved by webhook${body.summary ? `: ${body.summary}` : ''}`;
        const [monitorId] = await deps.inbound.receive([{
          source: 'hook', key: body.key, name, firing: body.status === 'firing', severity: body.severity === 'warning' ? 'degraded' : 'down', message,
          ...(body.url && { url: body.url }), ...(body.escalation && { escalation: body.escalation }),
        }]);
        deps.events.publish('alert', { id: monitorId, action: 'received' });
        return { monitor: monitorId };
      },
    }),
  ];
}
