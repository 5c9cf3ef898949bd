/**
 * `tocsin agent`: runs the checks of one location for a tocsin server. Definitions come by long
 * poll; checks run on the same engine, registry and deadlines as the server's; results go back in
 * batches of at most 500, and into an on-disk buffer whenever the server cannot take them, to be
 * replayed — with their real times — once it can.
 */
import { isPolled, runMonitorCheck } from '../../checks/registry.js';
import { Engine, type RecordedResult } from '../../engine/engine.js';
import { targetKey } from '../../engine/target-key.js';
import type { Logger } from '../../lib/logger.js';
import { systemClock } from '../../lib/clock.js';
import { agentDefinitionsResponse, MAX_AGENT_BATCH, type AgentResult } from '../../schema/api-agents.js';
import type { MonitorConfig } from '../../schema/config.js';
import { DiskBuffer } from './buffer.js';

export interface AgentOptions {
  server: string;
  token: string;
  location: string;
  bufferDir: string;
  bufferMaxBytes: number;
  logger: Logger;
  /** How often results are sent (ms). */
  sendEvery?: number;
}

/** Results held in memory before they go to disk anyway. */
const MAX_QUEUED = 5000;

export class ProbeAgent {
  private readonly engine: Engine<MonitorConfig>;
  private readonly buffer: DiskBuffer;
  private queue: AgentResult[] = [];
  private version: string | undefined;
  private stopped = false;
  private reachable = true;
  private sendTimer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private poller: AbortController | undefined;

  constructor(private readonly options: AgentOptions) {
    this.buffer = new DiskBuffer(options.bufferDir, options.bufferMaxBytes, options.logger);
    this.engine = new Engine<MonitorConfig>({
      clock: systemClock,
      logger: options.logger,
      runCheck: runMonitorCheck,
      isPolled,
      targetOf: targetKey,
      record: (recorded) => this.collect(recorded),
    });
  }

  start(): void {
    this.engine.start();
    void this.pollLoop();
    this.sendTimer = setInterval(() => void this.flush(), this.options.sendEvery ?? 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poller?.abort();
    if (this.sendTimer) clearInterval(this.sendTimer);
    this.engine.stop();
    await this.engine.drain(5000);
    await this.flush();
    // What could not be sent survives the restart.
    this.buffer.append(this.queue.splice(0));
  }

  private collect({ monitorId, at, result }: RecordedResult): void {
    const r: AgentResult = {
      monitor_id: monitorId,
      at,
      status: result.status,
      latency_ms: result.latencyMs,
      message: result.message.slice(0, 2000),
      timings: result.timings,
      ...(result.metrics && { metrics: result.metrics }),
    };
    this.queue.push(r);
    if (this.queue.length > MAX_QUEUED) this.buffer.append(this.queue.splice(0));
  }

  private url(path: string): string {
    return new URL(path, this.options.server).toString();
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' };
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      this.poller = new AbortController();
      try {
        const query = this.version === undefined ? '' : `?version=${this.version}`;
        const response = await fetch(this.url(`/agent/v1/monitors${query}`), {
          headers: this.headers(),
          signal: AbortSignal.any([this.poller.signal, AbortSignal.timeout(90_000)]),
        });
        if (response.status === 401) {
          this.options.logger.error(`the server refused this agent's token: ${await response.text()}`);
          await sleep(10_000);
          continue;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const set = agentDefinitionsResponse.parse(await response.json());
        if (set.version !== this.version) {
          this.version = set.version;
          this.engine.setMonitors(set.monitors.map(toMonitor));
          this.options.logger.info(
            { monitors: set.monitors.length, version: set.version },
            `running ${set.monitors.length} monitors from ${this.options.location}`,
          );
        }
        this.online();
      } catch (error) {
        if (this.stopped) return;
        this.offline(error);
        await sleep(2000);
      }
    }
  }

  /** Buffered results first (oldest first), then what came since. */
  flush(): Promise<void> {
    this.sending ??= this.send().finally(() => (this.sending = undefined));
    return this.sending;
  }

  private async send(): Promise<void> {
    if (!this.buffer.empty) {
      const buffered = this.buffer.read();
      const sent = await this.post(buffered);
      this.buffer.replace(buffered.slice(sent));
      if (sent < buffered.length) return this.spill();
      if (buffered.length > 0) this.options.logger.info({ replayed: buffered.length }, `replayed ${buffered.length} buffered results to the server`);
    }
    const fresh = this.queue.splice(0);
    const sent = await this.post(fresh);
    if (sent < fresh.length) {
      this.queue.unshift(...fresh.slice(sent));
      this.spill();
    }
  }

  /** The server is away: what waits goes to disk, behind what is there, so the order holds. */
  private spill(): void {
    this.buffer.append(this.queue.splice(0));
  }

  /** Posts in batches; how many were taken before the first failure. */
  private async post(results: readonly AgentResult[]): Promise<number> {
    let done = 0;
    while (done < results.length) {
      const batch = results.slice(done, done + MAX_AGENT_BATCH);
      try {
        const response = await fetch(this.url('/agent/v1/results'), {
          method: 'POST',
          headers: this.headers(),
          body: JSON.stringify({ results: batch }),
          signal: AbortSignal.timeout(15_000),
        });
        // A batch the server judged bad will never be good: say so and go on, so it cannot block the rest.
        if (response.status === 400 || response.status === 413) {
          this.options.logger.error({ results: batch.length }, `the server refused a batch of results: ${await response.text()}`);
        } else if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
        done += batch.length;
        this.online();
      } catch (error) {
        this.offline(error);
        return done;
      }
    }
    return done;
  }

  private online(): void {
    if (this.reachable) return;
    this.reachable = true;
    this.options.logger.info(`the server ${this.options.server} answers again`);
  }

  private offline(error: unknown): void {
    if (!this.reachable) return;
    this.reachable = false;
    this.options.logger.warn(
      { buffer: this.buffer.path },
      `the server ${this.options.server} cannot be reached (${error instanceof Error ? error.message : String(error)}); results are buffered in ${this.buffer.path}`,
    );
  }
}

/** The engine and registry take a full monitor: the agent's needs nothing of alerting. */
function toMonitor(m: { id: string; name: string; type: string; interval: number; timeout: number; settings: unknown }): MonitorConfig {
  return {
    id: m.id,
    name: m.name,
    type: m.type,
    interval: m.interval,
    timeout: m.timeout,
    settings: m.settings,
    tags: [],
    depends_on: [],
    paused: false,
    alert: {},
  } as unknown as MonitorConfig;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
