/**
 * /api/v1/events: Server-Sent Events for the dashboard. State changes are found by polling the
 * store once a second while someone listens, so every instance on one PostgreSQL sees the changes
 * all of them make; API writes are published directly.
 */
import type { FastifyInstance } from 'fastify';
import { listStates, type StateRow } from '../../store/state.js';
import type { Db } from '../../store/schema.js';
import type { ApiDeps } from './deps.js';
import { route, type ApiRoute } from './route.js';

export interface HubEvent {
  type: string;
  data: unknown;
}

type Listener = (event: HubEvent) => void;

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly deps: { db: Db; everyMs?: number }) {}

  publish(type: string, data: unknown): void {
    for (const listener of this.listeners) listener({ type, data });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) void this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Ends every stream: long-lived responses would otherwise hold the server open on close. */
  close(): void {
    this.publish('close', null);
    this.listeners.clear();
    this.stop();
  }

  private async start(): Promise<void> {
    this.timer = setInterval(() => void this.poll(false), this.deps.everyMs ?? 1000);
    this.timer.unref();
    await this.poll(true);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.seen.clear();
  }

  private async poll(seeding: boolean): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const state of await listStates(this.deps.db)) {
        const key = `${state.status}|${state.lastAt}`;
        if (this.seen.get(state.monitorId) === key) continue;
        this.seen.set(state.monitorId, key);
        if (!seeding) this.publish('state', stateEvent(state));
      }
    } catch {
      // The store being briefly unreachable shows in /healthz; the next poll catches up.
    } finally {
      this.polling = false;
    }
  }
}

function stateEvent(s: StateRow) {
  return {
    id: s.monitorId, status: s.status, since: s.since, last_at: s.lastAt, last_status: s.lastStatus, last_message: s.lastMessage, last_latency_ms: s.lastLatencyMs,
    confirming: s.confirming ?? null,
  };
}

/** One SSE frame; data is JSON, so it holds no raw newline that would end the frame early. */
export function frame(event: HubEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

const KEEPALIVE_MS = 15_000;

export function eventRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'GET', url: '/api/v1/events', tag: 'events', access: 'read',
      summary: 'Server-Sent Events: `state` when a monitor\'s state or latest result changes, `monitor` and `alert` on API changes',
      responses: { 200: 'text/event-stream' },
      handler: async ({ reply, request }) => {
        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        out.write(`retry: 3000\n${frame({ type: 'hello', data: { at: deps.clock.now() } })}`);
        // Comments keep proxies from closing a quiet stream.
        const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
        const unsubscribe = deps.events.subscribe((event) => {
          if (event.type === 'close') return out.end();
          out.write(frame(event));
        });
        request.raw.on('close', () => {
          clearInterval(keepalive);
          unsubscribe();
        });
      },
    }),
  ];
}

export function closeEventsOnShutdown(app: FastifyInstance, hub: EventHub): void {
  app.addHook('preClose', async () => hub.close());
}
