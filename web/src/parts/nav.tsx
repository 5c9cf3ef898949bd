import { useEffect, useState } from 'preact/hooks';
import { signOut } from '../session.js';
import { helpOpen } from '../shortcuts.js';
import { toggleTheme } from '../theme.js';
import type { User } from '../types.js';

const LINKS: [string, string][] = [
  ['/', 'Overview'],
  ['/alerts', 'Alerts'],
  ['/oncall', 'On call'],
  ['/incidents', 'Incidents'],
  ['/heartbeats', 'Heartbeats'],
  ['/ci', 'CI'],
  ['/maintenance', 'Maintenance'],
  ['/channels', 'Channels'],
  ['/pages', 'Status pages'],
  ['/instances', 'Instances'],
  ['/settings', 'Settings'],
];
/** Only admins may list and restore what an apply removed. */
const ADMIN_LINKS: [string, string][] = [['/removed', 'Removed']];

export function Nav({ user, path }: { user: User; path: string }) {
  const active = (href: string) => (href === '/' ? path === '/' || path.startsWith('/monitors') : path.startsWith(href));
  const [open, setOpen] = useState(false);
  // A link followed closes the phone menu.
  useEffect(() => setOpen(false), [path]);
  return (
    <header class={`nav${open ? ' open' : ''}`}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <a class="brand" href="/">
        <span class="bell" aria-hidden="true" />
        tocsin
      </a>
      <button type="button" class="menu-button" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
        {open ? 'Close' : 'Menu'}
      </button>
      <nav id="main-nav" aria-label="Main">
        {[...LINKS, ...(user.role === 'admin' ? ADMIN_LINKS : [])].map(([href, label]) => (
          <a key={href} href={href} aria-current={active(href) ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <div class="who">
        <button type="button" class="ghost" title="Keyboard shortcuts (?)" onClick={() => helpOpen.set(true)}>
          ?
        </button>
        <button type="button" class="ghost" title="Light / dark (t)" aria-label="Toggle light and dark" onClick={toggleTheme}>
          ◐
        </button>
        <span class="muted" title={user.role}>
          {user.email}
        </span>
        <button type="button" class="ghost" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
