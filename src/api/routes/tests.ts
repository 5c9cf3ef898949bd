/**
 * The two "try it" routes of the dashboard: run a monitor once before saving it, and send a test
 * notification to a channel. Both answer what happened; a failed check or a refused notification
 * is a result (200), not an error of the request.
 */
import { z } from 'zod';
import { probeTargetPolicy } from '../../core/targets/policy.js';
import { TocsinError } from '../../lib/errors.js';
import { channelTestResponse } from '../../schema/api-alerts.js';
import { monitorTestResponse } from '../../schema/api-monitors.js';
import { monitorSchema } from '../../schema/monitor.js';
import { id } from '../../schema/primitives.js';
import { recordAudit } from '../../services/audit.js';
import { sendTest } from '../../services/channel-test.js';
import { testMonitor } from '../../services/monitor-test.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

const channelParams = z.strictObject({ id: id() });

/** A test should answer while the person is still looking at the button. */
const CHANNEL_TEST_TIMEOUT_MS = 10_000;

/** "Test now" runs one caller may have going at once: plenty for a person, too few to sweep a network. */
export const TESTS_AT_ONCE = 3;

export function testRoutes(deps: ApiDeps): ApiRoute[] {
  const running = new Map<string, number>();
  /** `work`, counted against the caller's share of TESTS_AT_ONCE; 429 when it is used up. */
  async function withinShare<T>(caller: string, work: () => Promise<T>): Promise<T> {
    const now = running.get(caller) ?? 0;
    if (now >= TESTS_AT_ONCE) throw new TocsinError('rate_limited', `${TESTS_AT_ONCE} tests of yours are still running; try again when one has answered`);
    running.set(caller, now + 1);
    try {
      return await work();
    } finally {
      const left = (running.get(caller) ?? 1) - 1;
      if (left > 0) running.set(caller, left);
      else running.delete(caller);
    }
  }
  return [
    route({
      method: 'POST',
      url: '/api/v1/monitors/test',
      tag: 'monitors',
      access: 'write',
      bodyDoc: monitorSchema,
      summary:
        'Run a monitor once now, under its timeout, without saving it; the body is a monitor as for create. Audited; the message is cut to 300 characters',
      responses: {
        200: answers('What the check saw: status, message, latency, timings, metrics', monitorTestResponse),
        400: 'Invalid monitor, exec or heartbeat',
        403: 'A probe that reaches inside networks, sent by an editor without probe_internal',
        429: `${TESTS_AT_ONCE} tests of the same caller are still running`,
      },
      handler: async ({ body, actor }) => {
        const result = await withinShare(`${actor.kind} ${actor.id}`, () => testMonitor(deps, actor, body));
        return {
          monitor_id: result.monitorId,
          status: result.status,
          message: result.message,
          latency_ms: result.latencyMs,
          timeout_ms: result.timeoutMs,
          timings: result.timings,
          metrics: result.metrics ?? null,
        };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/test',
      tag: 'channels',
      access: 'write',
      params: channelParams,
      summary: "Send a test notification straight to a channel (not through the outbox) and answer the receiver's outcome",
      responses: {
        200: answers("The receiver's outcome: ok, its status code and one line saying what happened", channelTestResponse),
        404: 'No such channel',
      },
      handler: async ({ params, actor }) => {
        const { channels, server } = deps.config();
        const result = await sendTest(channels, params.id, CHANNEL_TEST_TIMEOUT_MS, {
          sentBy: `${actor.label} from the tocsin API`,
          targets: probeTargetPolicy(server.probe_targets),
        });
        // A test reaches real people (a pager, a chat room): who sent it belongs in the audit log.
        await recordAudit(deps.db, {
          actor,
          action: 'channel.test',
          target: `channel ${params.id}`,
          before: null,
          after: { ok: result.ok, status: result.status },
          at: deps.clock.now(),
        });
        return { channel: params.id, ok: result.ok, status: result.status, permanent: result.permanent, latency_ms: result.ms, message: result.line };
      },
    }),
  ];
}
