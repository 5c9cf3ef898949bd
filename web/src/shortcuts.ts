/**
 * Keyboard shortcuts for the frequent actions. Two-key "g x" sequences move between views; single
 * keys act on the current one (views register them with useKey). Typing in a field never triggers one.
 */
import { useEffect } from 'preact/hooks';
import { navigate } from './router.js';
import { box } from './store.js';
import { toggleTheme } from './theme.js';

export const SHORTCUTS: [string, string][] = [
  ['/', 'search monitors'],
  ['g o', 'overview'],
  ['g b', 'what is broken now'],
  ['g a', 'alerts'],
  ['g h', 'heartbeats'],
  ['g c', 'channels'],
  ['g s', 'status pages'],
  ['n', 'new monitor'],
  ['a', 'acknowledge (alert or monitor in view)'],
  ['e', 'edit the monitor in view'],
  ['t', 'light / dark'],
  ['?', 'this help'],
];

const GO: Record<string, string> = { o: '/', b: '/?state=broken', a: '/alerts', h: '/heartbeats', c: '/channels', s: '/pages', m: '/maintenance' };

export const helpOpen = box(false);
const local = new Map<string, () => void>();

export function useKey(key: string, action: () => void, deps: unknown[]): void {
  useEffect(() => {
    local.set(key, action);
    return () => void local.delete(key);
  }, deps);
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

let pendingG = 0;

export function installShortcuts(): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) {
      if (event.key === 'Escape') (event.target as HTMLElement).blur?.();
      return;
    }
    const key = event.key;
    if (Date.now() - pendingG < 1500 && GO[key]) {
      pendingG = 0;
      event.preventDefault();
      return navigate(GO[key]);
    }
    pendingG = key === 'g' ? Date.now() : 0;
    if (key === 'g') return;
    const action = local.get(key) ?? global[key];
    if (action) {
      event.preventDefault();
      action();
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

const global: Record<string, () => void> = {
  '?': () => helpOpen.set(!helpOpen.get()),
  Escape: () => helpOpen.set(false),
  t: toggleTheme,
  n: () => navigate('/monitors/new'),
  '/': () => {
    const search = document.getElementById('search');
    if (search) search.focus();
    else navigate('/?focus=search');
  },
};
