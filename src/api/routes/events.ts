/**
 * /api/v1/events: Server-Sent Events for the dashboard. State changes are found by polling the
 * store once a second while someone listens, so every instance on one PostgreSQL sees the changes
 * all of them make; API writes are published directly.
 */
import type { FastifyInstance } from 'fastify';
import { TocsinError } from '../../lib/errors.js';
import { listStates, type StateRow } from '../../store/state.js';
import type { Db } from '../../store/schema.js';
import type { Actor } from '../auth/access.js';
import type { ApiDeps } from './deps.js';
import { route, type ApiRoute } from './route.js';

export interface HubEvent {
  type: string;
  data: unknown;
}

type Listener = (event: HubEvent) => void;

/** Each stream holds a socket, a listener and a keepalive timer until its client goes away. */
export interface StreamCaps {
  /** Per signed-in person (all their sessions together), or per API token. */
  perHolder: number;
  total: number;
}

export const DEFAULT_STREAM_CAPS: StreamCaps = { perHolder: 5, total: 500 };

/** Open event streams, counted per holder and in all. */
export class StreamSlots {
  private readonly held = new Map<string, number>();
  private total = 0;

  constructor(private readonly caps: StreamCaps = DEFAULT_STREAM_CAPS) {}

  /** Reserves a stream for `actor`; returns its release (safe to call twice), or throws a 429 saying why not. */
  take(actor: Actor): () => void {
    const holder = `${actor.kind} ${actor.id}`;
    const mine = this.held.get(holder) ?? 0;
    if (mine >= this.caps.perHolder) {
      const who = actor.kind === 'token' ? 'this API token already holds' : 'you already hold';
      throw new TocsinError(
        'rate_limited',
        `${who} ${mine} live event streams, the most one person or token may; close a dashboard tab or another stream first`,
      );
    }
    if (this.total >= this.caps.total) {
      throw new TocsinError('rate_limited', `tocsin is serving ${this.total} live event streams, its most; try again in a minute`);
    }
    this.held.set(holder, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.held.get(holder) ?? 1) - 1;
      if (left > 0) this.held.set(holder, left);
      else this.held.delete(holder);
    };
  }

  get open(): number {
    return this.total;
  }
}

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  readonly streams = new StreamSlots();

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
    id: s.monitorId,
    status: s.status,
    since: s.since,
    last_at: s.lastAt,
    last_status: s.lastStatus,
    last_message: s.lastMessage,
    last_latency_ms: s.lastLatencyMs,
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
      method: 'GET',
      url: '/api/v1/events',
      tag: 'events',
      access: 'read',
      summary:
        "Server-Sent Events: `state` when a monitor's state or latest result changes, `monitor` and `alert` on API changes; at most 5 streams per person or token",
      responses: { 200: 'text/event-stream: `event: <type>` and `data: <JSON>` frames', 429: 'too many streams open for this person or token, or in all' },
      handler: async ({ reply, actor }) => {
        const release = deps.events.streams.take(actor);
        reply.hijack();
        const out = reply.raw;
        out.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        out.write(`retry: 3000\n${frame({ type: 'hello', data: { at: deps.clock.now() } })}`);
        // Comments keep proxies from closing a quiet stream.
        const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
        const unsubscribe = deps.events.subscribe((event) => {
          if (event.type === 'close') return out.end();
          out.write(frame(event));
        });
        // The response closes when the client goes away or the hub ends the stream at shutdown.
        out.on('close', () => {
          clearInterval(keepalive);
          unsubscribe();
          release();
        });
      },
    }),
  ];
}

export function closeEventsOnShutdown(app: FastifyInstance, hub: EventHub): void {
  app.addHook('preClose', async () => hub.close());
}
