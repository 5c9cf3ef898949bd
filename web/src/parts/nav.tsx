import { signOut } from '../session.js';
import { helpOpen } from '../shortcuts.js';
import { toggleTheme } from '../theme.js';
import type { User } from '../types.js';

const LINKS: [string, string][] = [
  ['/', 'Overview'],
  ['/alerts', 'Alerts'],
  ['/heartbeats', 'Heartbeats'],
  ['/maintenance', 'Maintenance'],
  ['/channels', 'Channels'],
  ['/pages', 'Status pages'],
  ['/settings', 'Settings'],
];

export function Nav({ user, path }: { user: User; path: string }) {
  const active = (href: string) => (href === '/' ? path === '/' || path.startsWith('/monitors') : path.startsWith(href));
  return (
    <header class="nav">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <a class="brand" href="/">
        <span class="bell" aria-hidden="true" />
        tocsin
      </a>
      <nav aria-label="Main">
        {LINKS.map(([href, label]) => (
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
