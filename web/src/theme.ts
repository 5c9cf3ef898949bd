/** Light, dark, or whatever the system prefers (the default); remembered in this browser. */
import { box } from './store.js';

export type Theme = 'auto' | 'light' | 'dark';
const KEY = 'tocsin-theme';

function stored(): Theme {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'auto';
}

export const theme = box<Theme>(stored());

export function applyTheme(value: Theme): void {
  if (value === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = value;
}

export function setTheme(value: Theme): void {
  if (value === 'auto') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, value);
  applyTheme(value);
  theme.set(value);
}

/** The toggle flips what is shown now, so one press always changes the screen. */
export function toggleTheme(): void {
  const dark = theme.get() === 'dark' || (theme.get() === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
  setTheme(dark ? 'light' : 'dark');
}

applyTheme(theme.get());
