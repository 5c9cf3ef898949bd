/**
 * Prometheus exposition at /metrics. Figures about tocsin itself live on a prom-client registry of
 * this app's own (never the global one, so two tocsins in one process, as in tests, do not share
 * counters); the per-monitor gauges are rendered by metrics-monitors.ts, which scales to 100,000
 * monitors. Latency histograms are per monitor type only, so their size does not grow with the count.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineStats, RecordedResult } from '../engine/engine.js';
import type { WatchSnapshot } from '../engine/channel-watch.js';
import type { ConfirmedStatus } from '../core/types.js';
import { TocsinError } from '../lib/errors.js';
import { MonitorSeries, SHOWN_STATES, type ExportedMonitor } from './metrics-monitors.js';
import { familyHeader, sampleValue } from './metrics-text.js';
import { acceptsGzip, metricsBody } from './metrics-stream.js';
import type { BucketCounts } from '../lib/percentiles.js';

export interface MetricsDeps {
  now(): number;
  /** Optional bearer token; undefined leaves /metrics open (bind to a private address then). */
  token(): string | undefined;
  /** The active monitors: a new array whenever the set changes (the series follow it by identity). */
  monitors(): readonly ExportedMonitor[];
  status(id: string): ConfirmedStatus | undefined;
  /** Uptime over the last 24 h per monitor, as a percentage (null: no judged result); may be a minute old. */
  uptime24h(): Promise<ReadonlyMap<string, number | null> | undefined>;
  engine(): EngineStats;
  outbox(): WatchSnapshot & { failedAttempts: number };
  channels(): readonly string[];
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class TocsinMetrics {
  readonly registry = new Registry();
  private readonly monitors: MonitorSeries;
  private readonly latency: Histogram<'type'>;
  private readonly checks: Counter<'result'>;
  private readonly refusals: Counter<'reason' | 'route'>;
  private readonly renderSeconds: Gauge;
  /** One render shared by scrapes that arrive while it runs. */
  private rendering?: Promise<() => Iterable<string>>;

  constructor(readonly deps: MetricsDeps) {
    const registers = [this.registry];
    this.monitors = new MonitorSeries({ monitors: () => deps.monitors(), status: (id) => deps.status(id) });
    this.latency = new Histogram({
      name: 'tocsin_check_latency_seconds',
      help: 'Latency of checks, by monitor type (per monitor: tocsin_check_last_latency_seconds)',
      labelNames: ['type'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.checks = new Counter({ name: 'tocsin_checks_total', help: 'Checks completed, by result', labelNames: ['result'], registers });
    this.refusals = new Counter({
      name: 'tocsin_requests_refused_total',
      help: 'Requests refused where it matters: bodies over their limit (any route) and refused alert intakes; route is the route pattern',
      labelNames: ['reason', 'route'],
      registers,
    });
    this.renderSeconds = new Gauge({
      name: 'tocsin_metrics_render_seconds',
      help: 'Time the previous /metrics body took to render, yields to checks included',
      registers,
    });
    this.scrapeTime(registers);
  }

  /** Called for every result recorded; synthetic monitors (inbound alerts) are counted, never labelled. */
  observe(recorded: RecordedResult): void {
    const { monitorId, result } = recorded;
    this.checks.inc({ result: result.status });
    const type = this.monitors.observe(monitorId, recorded.at, result);
    if (type !== undefined) this.latency.observe({ type }, result.latencyMs / 1000);
  }

  /** Both labels come from closed sets: a refusal reason, and a registered route pattern (never the raw URL). */
  refused(reason: string, route: string): void {
    this.refusals.inc({ reason, route });
  }

  /** The whole body as text, in family order (tests, benchmarks). */
  async render(): Promise<string[]> {
    const body = await this.body();
    return [...body()];
  }

  /** The body's parts in family order, read as they are written; scrapes that overlap share one render. */
  body(): Promise<() => Iterable<string>> {
    this.rendering ??= this.renderNow().finally(() => {
      this.rendering = undefined;
    });
    return this.rendering;
  }

  private async renderNow(): Promise<() => Iterable<string>> {
    const started = performance.now();
    const uptimes = await this.deps.uptime24h();
    const { parts, counts } = await this.monitors.render(this.deps.now(), uptimes);
    const monitors =
      familyHeader('tocsin_monitors', 'Monitors by shown state (pending: not confirmed yet; unknown: the check cannot judge; paused: not checked)') +
      SHOWN_STATES.map((state) => `tocsin_monitors{state="${state}"} ${counts[state]}\n`).join('');
    this.renderSeconds.set((performance.now() - started) / 1000);
    const head = [await this.registry.metrics(), lagHistogram(this.deps.engine().lagBuckets), monitors];
    return function* () {
      yield* head;
      yield* parts();
    };
  }

  private scrapeTime(registers: Registry[]): void {
    const deps = this.deps;
    new Gauge({
      name: 'tocsin_schedule_lag_seconds',
      help: 'How late checks started after their slot over recent runs: p50, p99 and max',
      // Not `quantile`: Prometheus reserves that label for summaries (promtool says so).
      labelNames: ['stat'],
      registers,
      collect() {
        const { lag } = deps.engine();
        this.set({ stat: 'p50' }, lag.p50 / 1000);
        this.set({ stat: 'p99' }, lag.p99 / 1000);
        this.set({ stat: 'max' }, lag.max / 1000);
      },
    });
    new Gauge({
      name: 'tocsin_monitors_scheduled',
      help: 'Polled monitors on the schedule',
      registers,
      collect() {
        this.set(deps.engine().scheduled);
      },
    });
    new Gauge({
      name: 'tocsin_checks_running',
      help: 'Checks running now',
      registers,
      collect() {
        this.set(deps.engine().running);
      },
    });
    new Gauge({
      name: 'tocsin_outbox_depth',
      help: 'Notifications waiting to be delivered',
      registers,
      collect() {
        this.set(deps.outbox().pending);
      },
    });
    new Gauge({
      name: 'tocsin_outbox_oldest_age_seconds',
      help: 'Age of the oldest notification not yet delivered (0 when none waits)',
      registers,
      collect() {
        const oldest = deps.outbox().oldestUndeliveredAt;
        this.set(oldest === undefined ? 0 : Math.max(0, deps.now() - oldest) / 1000);
      },
    });
    new Gauge({
      name: 'tocsin_channel_failing',
      help: "1 while the channel's latest delivery attempts fail",
      labelNames: ['channel'],
      registers,
      collect() {
        this.reset();
        const failing = new Set(deps.outbox().failing.map((h) => h.channel));
        for (const channel of deps.channels()) this.set({ channel }, failing.has(channel) ? 1 : 0);
      },
    });
    new Counter({
      name: 'tocsin_channel_failures_total',
      help: 'Failed delivery attempts over all channels since start',
      registers,
      collect() {
        this.reset();
        this.inc(deps.outbox().failedAttempts);
      },
    });
  }
}

/** Every check's lag since start: p99 over any stretch is histogram_quantile(0.99, rate(..._bucket[5m])). */
function lagHistogram({ bounds, counts, sum, count }: BucketCounts): string {
  const name = 'tocsin_check_start_delay_seconds';
  let text = familyHeader(
    name,
    'How late checks started after their slot, every check since start (tocsin_schedule_lag_seconds: p50, p99 and max of the latest 8,192)',
    'histogram',
  );
  for (let i = 0; i < bounds.length; i++) text += `${name}_bucket{le="${sampleValue(bounds[i]! / 1000)}"} ${counts[i]}\n`;
  return `${text}${name}_bucket{le="+Inf"} ${count}\n${name}_sum ${sampleValue(sum / 1000)}\n${name}_count ${count}\n`;
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
  // Compressed here (metrics-stream.ts), gzip only, as Prometheus asks for it; not by @fastify/compress.
  app.get('/metrics', { compress: false }, async (request, reply) => {
    const token = metrics.deps.token();
    if (token !== undefined && !tokenMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="tocsin metrics"');
      throw new TocsinError('unauthorized', 'send the metrics token: Authorization: Bearer <server.metrics_token>');
    }
    const body = await metrics.body();
    const gzip = acceptsGzip(request.headers['accept-encoding']);
    if (gzip) reply.header('content-encoding', 'gzip');
    // Streamed: at 100,000 monitors the body is tens of MB, never one string.
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').header('vary', 'accept-encoding').send(metricsBody(body(), gzip));
  });
}
