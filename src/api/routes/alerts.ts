/**
 * /api/v1/alerts: the problems open now, and acknowledging one. Acknowledgements go through the
 * acknowledge service's queue like `tocsin ack` and signed links, so the engine applies them in the
 * same transaction as the state change and tells the channels once.
 */
import { z } from 'zod';
import { isProblem, type AlertState } from '../../core/alert/index.js';
import { TocsinError } from '../../lib/errors.js';
import { ackResponse, alertsResponse } from '../../schema/api-alerts.js';
import { acknowledge } from '../../services/acknowledge.js';
import { episodeDeliveries } from './alert-deliveries.js';
import type { ApiDeps } from './deps.js';
import { idParams } from './monitors.js';
import { answers, route, type ApiRoute } from './route.js';

const ACK_WAIT_MS = 5000;

export function openAlerts(deps: ApiDeps) {
  const monitors = [...deps.monitors(), ...deps.inbound.monitors()];
  return monitors.flatMap((m) => {
    const state = deps.alertState(m.id);
    // Pending is no problem yet: an episode begins when a failure is confirmed (docs/states.md).
    return state && isProblem(state.status) ? [alertView(m.id, m.name, state)] : [];
  });
}

/** Open alerts with what became of their episode's notifications. */
async function openAlertsWithDeliveries(deps: ApiDeps) {
  const alerts = openAlerts(deps);
  const episodes = alerts.map((a) => ({ monitorId: a.monitor_id, episode: a.episode, since: a.episode_since ?? a.since ?? 0 }));
  const deliveries = await episodeDeliveries(deps.db, episodes, deps.config().channels);
  return alerts.map((a) => {
    const list = deliveries.get(a.monitor_id) ?? [];
    const delivered = [...new Set(list.filter((d) => d.state === 'delivered').map((d) => d.channel))];
    return { ...a, delivered, deliveries: list };
  });
}

function alertView(monitorId: string, name: string, s: AlertState) {
  return {
    monitor_id: monitorId,
    name,
    status: s.status,
    since: s.since,
    message: s.message,
    episode: s.episode,
    episode_since: s.episodeSince,
    acknowledged: s.acknowledged,
    escalation_steps_fired: s.escalation?.fired ?? [],
    /** Channels notifications were queued for; `delivered` and `deliveries` say which took them. */
    told: s.told?.channels ?? [],
    flapping: s.flapping,
    in_maintenance: s.maintenance !== null && !s.maintenance.silence,
    silenced: s.maintenance?.silence === true,
    blocked_by: s.blockedBy,
  };
}

export function alertRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/alerts',
      tag: 'alerts',
      access: 'read',
      summary:
        'Monitors confirmed degraded, down or unknown now, with acknowledgement, escalation, and each notification of the episode: delivered, queued, retrying or failed',
      responses: { 200: answers('Open alerts; `told` lists the channels notifications were queued for, `delivered` those that took one', alertsResponse) },
      handler: async () => ({ alerts: await openAlertsWithDeliveries(deps) }),
    }),
    route({
      method: 'POST',
      url: '/api/v1/alerts/:id/ack',
      tag: 'alerts',
      access: 'write',
      params: idParams,
      body: z.strictObject({}).meta({ description: 'Empty: the acknowledgement is signed with the caller' }),
      summary: 'Acknowledge the open problem of a monitor: escalation and reminders stop until it recovers',
      responses: {
        200: answers('Acknowledged (or already)', ackResponse),
        202: answers('Queued; no running engine settled it yet', ackResponse),
        404: 'Not being checked',
        409: 'Nothing to acknowledge',
      },
      handler: async ({ params, actor, reply }) => {
        const answer = await acknowledge(
          { db: deps.db, ...(deps.applyAcks && { applyNow: deps.applyAcks }) },
          { monitorId: params.id, by: actor.label, actor, via: 'api', episode: null, tokenId: null },
          deps.clock.now(),
          ACK_WAIT_MS,
        );
        const outcome = answer.spent ? undefined : answer.outcome;
        if (!outcome) return reply.status(202).send({ status: 'queued', message: `acknowledgement of ${params.id} is queued for the engine` });
        if (outcome.code === 'unknown') throw new TocsinError('not_found', outcome.message, { field: 'id', expected: 'a monitor being checked' });
        if (outcome.code === 'up') throw new TocsinError('conflict', outcome.message);
        deps.events.publish('alert', { id: params.id, action: 'acknowledged' });
        return { status: outcome.code, message: outcome.message };
      },
    }),
  ];
}
