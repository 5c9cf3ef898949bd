/**
 * Prometheus exposition at /metrics, on a registry of this app's own (never prom-client's global
 * one, so two tocsins in one process, as in tests, do not share counters). Figures that already
 * live elsewhere (states, lag, outbox) are read at scrape time; per-result ones are observed as
 * results pass.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineStats, RecordedResult } from '../engine/engine.js';
import type { WatchSnapshot } from '../engine/channel-watch.js';
import type { ConfirmedStatus } from '../core/types.js';
import { TocsinError } from '../lib/errors.js';

export interface MetricsDeps {
  now(): number;
  /** Optional bearer token; undefined leaves /metrics open (bind to a private address then). */
  token(): string | undefined;
  monitors(): readonly { id: string; type: string }[];
  statuses(): Promise<ReadonlyMap<string, ConfirmedStatus>>;
  /** Uptime over the last 24 h per monitor, as a percentage (null: no judged result); may be a minute old. */
  uptime24h(): Promise<ReadonlyMap<string, number | null> | undefined>;
  engine(): EngineStats;
  outbox(): WatchSnapshot & { failedAttempts: number };
  channels(): readonly string[];
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class TocsinMetrics {
  readonly registry = new Registry();
  private readonly latency: Histogram<'monitor'>;
  private readonly checks: Counter<'result'>;
  private readonly refusals: Counter<'reason' | 'route'>;
  /** Epoch seconds each monitor's certificate expires, from the tls_not_after metric of its results. */
  private readonly notAfter = new Map<string, number>();
  /** The active monitors as last read, and the ids that have per-monitor series. */
  private active: { list?: readonly { id: string }[]; ids: ReadonlySet<string> } = { ids: new Set() };
  private readonly withSeries = new Set<string>();

  constructor(readonly deps: MetricsDeps) {
    const registers = [this.registry];
    this.latency = new Histogram({
      name: 'tocsin_check_latency_seconds', help: 'Latency of each check, per monitor', labelNames: ['monitor'], buckets: LATENCY_BUCKETS, registers,
      // A monitor that left the active set loses its series at the next scrape, not at restart.
      collect: () => void this.activeIds(),
    });
    this.checks = new Counter({ name: 'tocsin_checks_total', help: 'Checks completed, by result', labelNames: ['result'], registers });
    this.refusals = new Counter({
      name: 'tocsin_requests_refused_total', help: 'Requests refused where it matters: bodies over their limit (any route) and refused alert intakes; route is the route pattern',
      labelNames: ['reason', 'route'], registers,
    });
    this.scrapeTime(registers);
  }

  /**
   * Called for every result recorded. Per-monitor series are kept for the active monitors only:
   * synthetic ones (one per inbound alert, without bound over time) are counted, never labelled.
   */
  observe(recorded: RecordedResult): void {
    const { monitorId, result } = recorded;
    this.checks.inc({ result: result.status });
    if (!this.activeIds().has(monitorId)) return;
    this.withSeries.add(monitorId);
    this.latency.observe({ monitor: monitorId }, result.latencyMs / 1000);
    const notAfter = result.metrics?.tls_not_after;
    if (typeof notAfter === 'number') this.notAfter.set(monitorId, notAfter);
  }

  /** Re-read when the active list changes (a new array each time); drops the series of monitors that left it. */
  private activeIds(): ReadonlySet<string> {
    const list = this.deps.monitors();
    if (list === this.active.list) return this.active.ids;
    const ids = new Set(list.map((m) => m.id));
    for (const id of this.withSeries) {
      if (ids.has(id)) continue;
      this.latency.remove({ monitor: id });
      this.notAfter.delete(id);
      this.withSeries.delete(id);
    }
    this.active = { list, ids };
    return ids;
  }

  /** Both labels come from closed sets: a refusal reason, and a registered route pattern (never the raw URL). */
  refused(reason: string, route: string): void {
    this.refusals.inc({ reason, route });
  }

  private scrapeTime(registers: Registry[]): void {
    const deps = this.deps;
    const notAfter = this.notAfter;
    new Gauge({
      name: 'tocsin_monitor_up',
      help: '1 when the monitor\'s confirmed state is up, 0 when degraded or down; absent while pending or unknown (see tocsin_monitors)',
      labelNames: ['monitor', 'type'], registers,
      async collect() {
        this.reset();
        const statuses = await deps.statuses();
        for (const m of deps.monitors()) {
          const status = statuses.get(m.id);
          if (status === 'up' || status === 'degraded' || status === 'down') this.set({ monitor: m.id, type: m.type }, status === 'up' ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'tocsin_monitors', help: 'Monitors by confirmed state (pending: not confirmed yet; unknown: the check cannot judge)', labelNames: ['state'], registers,
      async collect() {
        const statuses = await deps.statuses();
        const counts: Record<ConfirmedStatus, number> = { pending: 0, up: 0, degraded: 0, down: 0, unknown: 0 };
        for (const m of deps.monitors()) counts[statuses.get(m.id) ?? 'pending'] += 1;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'tocsin_monitor_uptime_ratio',
      help: 'Share of judged results up or degraded over the last 24 h (unknown, pending and maintenance results excluded); absent with none',
      labelNames: ['monitor'], registers,
      async collect() {
        this.reset();
        const uptimes = await deps.uptime24h();
        const active = new Set(deps.monitors().map((m) => m.id));
        for (const [monitor, percent] of uptimes ?? []) if (percent !== null && active.has(monitor)) this.set({ monitor }, percent / 100);
      },
    });
    new Gauge({
      name: 'tocsin_tls_cert_expiry_seconds', help: 'Seconds until the certificate seen by the monitor expires (negative once expired)', labelNames: ['monitor'], registers,
      collect() {
        this.reset();
        const active = new Set(deps.monitors().map((m) => m.id));
        for (const [monitor, at] of notAfter) if (active.has(monitor)) this.set({ monitor }, at - deps.now() / 1000);
      },
    });
    new Gauge({
      name: 'tocsin_schedule_lag_seconds', help: 'How late checks started after their slot over recent runs: p50, p99 and max',
      // Not `quantile`: Prometheus reserves that label for summaries (promtool says so).
      labelNames: ['stat'], registers,
      collect() {
        const { lag } = deps.engine();
        this.set({ stat: 'p50' }, lag.p50 / 1000);
        this.set({ stat: 'p99' }, lag.p99 / 1000);
        this.set({ stat: 'max' }, lag.max / 1000);
      },
    });
    new Gauge({ name: 'tocsin_monitors_scheduled', help: 'Polled monitors on the schedule', registers, collect() { this.set(deps.engine().scheduled); } });
    new Gauge({ name: 'tocsin_checks_running', help: 'Checks running now', registers, collect() { this.set(deps.engine().running); } });
    new Gauge({ name: 'tocsin_outbox_depth', help: 'Notifications waiting to be delivered', registers, collect() { this.set(deps.outbox().pending); } });
    new Gauge({
      name: 'tocsin_outbox_oldest_age_seconds', help: 'Age of the oldest notification not yet delivered (0 when none waits)', registers,
      collect() {
        const oldest = deps.outbox().oldestUndeliveredAt;
        this.set(oldest === undefined ? 0 : Math.max(0, deps.now() - oldest) / 1000);
      },
    });
    new Gauge({
      name: 'tocsin_channel_failing', help: '1 while the channel\'s latest delivery attempts fail', labelNames: ['channel'], registers,
      collect() {
        this.reset();
        const failing = new Set(deps.outbox().failing.map((h) => h.channel));
        for (const channel of deps.channels()) this.set({ channel }, failing.has(channel) ? 1 : 0);
      },
    });
    new Counter({
      name: 'tocsin_channel_failures_total', help: 'Failed delivery attempts over all channels since start', registers,
      collect() {
        this.reset();
        this.inc(deps.outbox().failedAttempts);
      },
    });
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares digests so the time taken says nothing about how much of the token was right. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}

export function registerMetrics(app: FastifyInstance, metrics: TocsinMetrics): void {
  app.get('/metrics', async (request, reply) => {
    const token = metrics.deps.token();
    if (token !== undefined && !tokenMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="tocsin metrics"');
      throw new TocsinError('unauthorized', 'send the metrics token: Authorization: Bearer <server.metrics_token>');
    }
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics());
  });
}
