/** The shell: session gate, navigation, connection banner, and the view for the current path. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { Banner, Toast } from './parts/banner.js';
import { Help } from './parts/help.js';
import { Nav } from './parts/nav.js';
import { match, onLink, useLocation } from './router.js';
import { loadSession } from './session.js';
import { installShortcuts } from './shortcuts.js';
import { session, useBox } from './store.js';
import { startLive, stopLive } from './live.js';
import { useDownTitle } from './title.js';
import type { User } from './types.js';
import { Alerts } from './views/alerts.js';
import { Channels } from './views/channels.js';
import { Ci } from './views/ci.js';
import { Heartbeats } from './views/heartbeats.js';
import { Instances } from './views/instances.js';
import { Login } from './views/login.js';
import { Maintenance } from './views/maintenance.js';
import { MonitorDetail } from './views/monitor-detail.js';
import { MonitorEdit } from './views/monitor-edit.js';
import { OnCallView } from './views/oncall.js';
import { Overview } from './views/overview.js';
import { RemovedView } from './views/removed.js';
import { ResponseIncidentDetail, ResponseIncidents } from './views/response-incidents.js';
import { RunbookView } from './views/runbook.js';
import { Settings } from './views/settings.js';
import { Setup } from './views/setup.js';
import { StatusPages } from './views/status-pages.js';

export function App() {
  const current = useBox(session);
  const [bootError, setBootError] = useState<string | undefined>(undefined);
  const { path } = useLocation();

  useEffect(() => installShortcuts(), []);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const boot = () =>
      loadSession()
        .then(() => setBootError(undefined))
        .catch((error: unknown) => {
          setBootError(error instanceof ApiError ? error.message : String(error));
          timer = setTimeout(boot, 5000);
        });
    void boot();
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (!current.user) return;
    startLive();
    return stopLive;
  }, [current.user]);

  if (!current.loaded) {
    return (
      <main class="centered">
        <Banner />
        <p class="muted">{bootError ?? 'Connecting to tocsin…'}</p>
      </main>
    );
  }
  if (!current.user) {
    return (
      <main class="centered">
        <Banner />
        {path === '/setup' || current.setupRequired ? <Setup /> : <Login />}
      </main>
    );
  }
  return <Shell path={path} user={current.user} />;
}

/** Signed in: the title counts what is down on every view. */
function Shell({ path, user }: { path: string; user: User }) {
  useDownTitle();
  return (
    <div class="shell" onClick={onLink}>
      <Nav user={user} path={path} />
      <main id="main" class="content">
        <Banner />
        <Route path={path} />
      </main>
      <Help />
      <Toast />
    </div>
  );
}

const ROUTES: [string, (params: Record<string, string>) => preact.JSX.Element][] = [
  ['/', () => <Overview />],
  ['/monitors/new', () => <MonitorEdit />],
  ['/monitors/:id', (p) => <MonitorDetail id={p.id as string} />],
  ['/monitors/:id/edit', (p) => <MonitorEdit id={p.id} />],
  ['/alerts', () => <Alerts />],
  ['/incidents', () => <ResponseIncidents />],
  ['/incidents/:id', (p) => <ResponseIncidentDetail id={p.id as string} />],
  ['/maintenance', () => <Maintenance />],
  ['/oncall', () => <OnCallView />],
  ['/runbooks/:id', (p) => <RunbookView id={p.id as string} />],
  ['/heartbeats', () => <Heartbeats />],
  ['/ci', () => <Ci />],
  ['/channels', () => <Channels />],
  ['/pages', () => <StatusPages />],
  ['/instances', () => <Instances />],
  ['/settings', () => <Settings />],
  ['/removed', () => <RemovedView />],
  ['/setup', () => <Overview />],
];

function Route({ path }: { path: string }) {
  for (const [pattern, view] of ROUTES) {
    const params = match(pattern, path === '' ? '/' : path);
    if (params) return view(params);
  }
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at <code>{path}</code> in the dashboard. <a href="/">Back to the overview</a>.
      </p>
    </section>
  );
}
