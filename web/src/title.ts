/**
 * The tab title counts what is down, "(3) tocsin", so a pinned tab says when to look. One small
 * request (GET /api/v1/states) every 30 s, and a recount a moment after live state changes.
 */
import { useEffect, useRef } from 'preact/hooks';
import { get } from './api.js';
import { useLive } from './live.js';

const EVERY_MS = 30_000;
const AFTER_EVENT_MS = 1000;

/** Pure: the title for `down` monitors down. */
export function titleFor(down: number): string {
  return down > 0 ? `(${down}) tocsin` : 'tocsin';
}

export function countDown(states: Record<string, { status?: string }>): number {
  return Object.values(states).filter((s) => s.status === 'down').length;
}

export function useDownTitle(): void {
  const soon = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const recount = () =>
    void get<{ states: Record<string, { status?: string }> }>('/api/v1/states')
      .then((answer) => {
        document.title = titleFor(countDown(answer.states));
      })
      .catch(() => undefined);
  useEffect(() => {
    recount();
    const timer = setInterval(recount, EVERY_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(soon.current);
      document.title = 'tocsin';
    };
  }, []);
  useLive((event) => {
    if (event.type !== 'state' || soon.current) return;
    soon.current = setTimeout(() => {
      soon.current = undefined;
      recount();
    }, AFTER_EVENT_MS);
  }, []);
}
