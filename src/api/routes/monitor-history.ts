/**
 * What happened around one monitor beyond its results: the runs its heartbeat pings reported, and
 * the notifications the outbox holds for it. Channel secrets never leave: errors, stored masked, are
 * masked again on the way out.
 */
import { z } from 'zod';
import { maskSecretText } from '../../channels/secrets.js';
import { heartbeatRunsResponse, notificationsResponse } from '../../schema/api-monitors.js';
import { recentHeartbeatRuns, type HeartbeatRun } from '../../store/heartbeats.js';
import type { OutboxRow } from '../../store/outbox.js';
import { monitorNotifications } from '../../store/outbox-history.js';
import type { ApiDeps } from './deps.js';
import { idParams, liveRow } from './monitors.js';
import { answers, queryInt, route, type ApiRoute } from './route.js';

/** A list shows the start of each log; 100 kB bodies times 50 runs would be a 5 MB page. */
export const LOG_LIMIT_BYTES = 10 * 1024;

const listQuery = z.strictObject({ limit: queryInt(1, 500).optional().meta({ description: 'At most this many, newest first; default 50' }) });

export function monitorHistoryRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/monitors/:id/heartbeat-runs',
      tag: 'monitors',
      access: 'read',
      params: idParams,
      query: listQuery,
      summary: "Recent heartbeat pings of one monitor, newest first, with each run's start, end, duration, exit status and log (first 10 kB)",
      responses: { 200: answers('The runs (empty for monitors that are not heartbeats)', heartbeatRunsResponse), 404: 'No such monitor' },
      handler: async ({ params, query }) => {
        await liveRow(deps, params.id);
        const runs = await recentHeartbeatRuns(deps.db, params.id, query.limit ?? 50);
        return { runs: runs.reverse().map(runView) };
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/monitors/:id/notifications',
      tag: 'monitors',
      access: 'read',
      params: idParams,
      query: listQuery,
      summary: 'Notifications queued for one monitor, newest first, with their delivery: attempts, delivered, given up, last error',
      responses: { 200: answers('The notifications', notificationsResponse), 404: 'No such monitor' },
      handler: async ({ params, query }) => {
        await liveRow(deps, params.id);
        const rows = await monitorNotifications(deps.db, params.id, query.limit ?? 50);
        const channels = deps.config().channels;
        return { notifications: rows.map((row) => notificationView(row, Object.hasOwn(channels, row.channel) ? channels[row.channel] : undefined)) };
      },
    }),
  ];
}

export function runView(run: HeartbeatRun) {
  const log = run.log === null ? null : truncateUtf8(run.log, LOG_LIMIT_BYTES);
  return {
    id: run.id,
    rid: run.rid,
    kind: run.kind,
    at: run.at,
    started_at: run.started_at,
    ended_at: run.ended_at,
    duration_ms: run.duration_ms,
    exit_status: run.exit_status,
    log: log?.text ?? null,
    log_truncated: log?.truncated ?? false,
    // A log dropped to keep the heartbeat within its log budget: its size, and when.
    log_bytes: run.log_bytes,
    log_dropped_at: run.log_dropped_at,
    method: run.method,
    remote_addr: run.remote_addr,
    user_agent: run.user_agent,
  };
}

function notificationView(row: OutboxRow, channel: unknown) {
  const state = row.deliveredAt !== null ? 'delivered' : row.deadAt !== null ? 'dead' : 'pending';
  return {
    id: row.id,
    event: row.event,
    channel: row.channel,
    state,
    message: row.notification.message,
    created_at: row.createdAt,
    attempts: row.attempts,
    next_attempt_at: state === 'pending' ? row.nextAttemptAt : null,
    delivered_at: row.deliveredAt,
    dead_at: row.deadAt,
    last_error: row.lastError === null ? null : maskSecretText(row.lastError, channel),
  };
}

/** Cuts at a byte count without splitting a character (a cut one would decode as U+FFFD). */
export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the character that did not fit.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}
