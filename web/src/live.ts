/**
 * Live updates from /api/v1/events. One EventSource for the whole app; views subscribe to event
 * types. When the stream drops, EventSource reconnects by itself (the server sends retry: 3000),
 * and `liveState` tells views to fall back to polling meanwhile.
 */
import { useEffect } from 'preact/hooks';
import { box } from './store.js';

export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;
export const liveState = box<'connecting' | 'live' | 'down'>('connecting');

const TYPES = ['state', 'monitor', 'alert', 'incident', 'hello'];

export function startLive(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events', { withCredentials: true });
  source.onopen = () => liveState.set('live');
  source.onerror = () => liveState.set('down');
  for (const type of TYPES) {
    source.addEventListener(type, (message) => {
      let data: Record<string, unknown>;
      try {
        data = JSON.parse((message as MessageEvent<string>).data) as Record<string, unknown>;
      } catch {
        return;
      }
      liveState.set('live');
      for (const listener of listeners) listener({ type, data });
    });
  }
}

export function stopLive(): void {
  source?.close();
  source = undefined;
  liveState.set('connecting');
}

export function useLive(listener: Listener, deps: unknown[]): void {
  useEffect(() => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, deps);
}
