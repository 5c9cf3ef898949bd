/**
 * /api/v1/heartbeats: every heartbeat with the last ping received (not the last evaluation, which
 * runs whether or not a job pinged) and the deadline of the next one. Read-only.
 */
import { sql } from 'kysely';
import { isHeartbeat, policyOf } from '../../checks/heartbeat/monitor.js';
import { heartbeatsResponse } from '../../schema/api-monitors.js';
import { listInstances } from '../../store/instances.js';
import { listMonitors } from '../../store/monitors.js';
import type { Db } from '../../store/schema.js';
import type { ApiDeps } from './deps.js';
import { nextDeadline } from './heartbeat-deadline.js';
import { answers, route, type ApiRoute } from './route.js';

/** Ids per IN list: far under every dialect's parameter limit. */
const IDS_PER_QUERY = 500;

interface PingTimes {
  lastPingAt: number | null;
  /** Starts and finishes: what the deadline counts from (a /log ping is no sign the job ran). */
  lastSignAt: number | null;
}

async function pingTimes(db: Db, ids: readonly string[]): Promise<Map<string, PingTimes>> {
  const out = new Map<string, PingTimes>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const batch = ids.slice(i, i + IDS_PER_QUERY);
    const rows = await sql<{ monitor_id: string; last_ping: number | string | null; last_sign: number | string | null }>`
      select monitor_id, max(at) as last_ping, max(case when kind <> 'log' then at end) as last_sign
      from heartbeat_runs where monitor_id in (${sql.join(batch.map((id) => sql`${id}`))}) group by monitor_id`.execute(db);
    // Drivers that read bigint as text give strings.
    const num = (v: number | string | null) => (v === null ? null : Number(v));
    for (const row of rows.rows) out.set(row.monitor_id, { lastPingAt: num(row.last_ping), lastSignAt: num(row.last_sign) });
  }
  return out;
}

export function heartbeatRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET',
      url: '/api/v1/heartbeats',
      tag: 'monitors',
      access: 'read',
      summary:
        'Heartbeat monitors with the last ping received (last_ping_at) and when the next one is expected and due (expected + grace); null before the first ping',
      responses: { 200: answers('The heartbeats, ordered by id', heartbeatsResponse) },
      handler: async () => {
        const now = deps.clock.now();
        const beats = deps
          .monitors()
          .filter(isHeartbeat)
          .sort((a, b) => a.id.localeCompare(b.id));
        const [times, rows, instances] = await Promise.all([
          pingTimes(
            deps.db,
            beats.map((m) => m.id),
          ),
          listMonitors(deps.db),
          listInstances(deps.db),
        ]);
        const created = new Map(rows.map((r) => [r.id, Number(r.createdAt)]));
        // The engine with the latest beat began watching at its start; none running: judge from now.
        const running = instances[0]?.stoppedAt === null ? instances[0] : undefined;
        const engineStart = running ? Number(running.startedAt) : now;
        return {
          heartbeats: beats.map((m) => {
            const t = times.get(m.id) ?? { lastPingAt: null, lastSignAt: null };
            const deadline = nextDeadline(policyOf(m), t.lastSignAt, Math.max(created.get(m.id) ?? now, engineStart));
            return { id: m.id, last_ping_at: t.lastPingAt, expected_at: deadline.expectedAt, due_at: deadline.dueAt };
          }),
        };
      },
    }),
  ];
}
