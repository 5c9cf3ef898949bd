/** Small observable values shared by views (connection, session, theme), with a hook to read them. */
import { useEffect, useState } from 'preact/hooks';
import type { Session } from './types.js';

export interface Box<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function box<T>(initial: T): Box<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      value = next;
      for (const listener of listeners) listener(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useBox<T>(b: Box<T>): T {
  const [value, setValue] = useState(b.get());
  useEffect(() => {
    setValue(b.get());
    return b.subscribe(setValue);
  }, [b]);
  return value;
}

export const connection = box<{ online: boolean; since: number | undefined }>({ online: true, since: undefined });
export const session = box<Session>({ loaded: false, user: null, setupRequired: false });
export const toast = box<{ text: string; kind: 'ok' | 'error' } | null>(null);

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function say(text: string, kind: 'ok' | 'error' = 'ok'): void {
  toast.set({ text, kind });
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toast.set(null), kind === 'error' ? 8000 : 3500);
}
