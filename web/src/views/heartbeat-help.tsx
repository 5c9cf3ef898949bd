/** The ping URLs of one heartbeat with copy buttons, and snippets for curl, cron, systemd and GitHub Actions. */
import { useState } from 'preact/hooks';
import { formatDuration } from '../format.js';
import { CopyButton, CopyLine } from '../parts/copy.js';
import { pingUrls, snippets } from '../snippets.js';
import type { Monitor } from '../types.js';

export function HeartbeatHelp({ monitor }: { monitor: Monitor }) {
  const [tab, setTab] = useState(0);
  const s = monitor.settings ?? {};
  const uuid = typeof s.uuid === 'string' ? s.uuid : undefined;
  const schedule =
    typeof s.schedule === 'string'
      ? `cron "${s.schedule}" (${String(s.tz ?? 'UTC')})`
      : typeof s.period === 'number'
        ? `every ${formatDuration(s.period)}`
        : '';
  const grace = typeof s.grace === 'number' ? `, grace ${formatDuration(s.grace)}` : '';
  if (!uuid) {
    return (
      <div class="card">
        <h2>Ping URLs</h2>
        <p>
          This heartbeat has no UUID; jobs ping{' '}
          <code>
            {location.origin}/ping/&lt;ping_key&gt;/{monitor.id}
          </code>{' '}
          with the <code>server.ping_key</code> of tocsin.yaml.
        </p>
      </div>
    );
  }
  const urls = pingUrls(location.origin, uuid);
  const list = snippets(urls, monitor.id);
  const [label, code] = list[tab] ?? list[0] ?? ['', ''];
  return (
    <div class="card" aria-label={`Ping URLs of ${monitor.name}`}>
      <h2>Ping URLs</h2>
      <p class="muted small">
        Expected {schedule}
        {grace}. GET, HEAD or POST; a POST body (first 100 kB) is kept as the run's log.
      </p>
      <dl class="pings">
        <dt>Success</dt>
        <dd>
          <CopyLine text={urls.base} />
        </dd>
        <dt>Started</dt>
        <dd>
          <CopyLine text={urls.start} />
        </dd>
        <dt>Failed</dt>
        <dd>
          <CopyLine text={urls.fail} />
        </dd>
        <dt>Exit status</dt>
        <dd>
          <CopyLine text={`${urls.base}/$?`} />
        </dd>
      </dl>
      <div class="segmented" role="tablist" aria-label="Snippets">
        {list.map(([name], i) => (
          <button key={name} type="button" role="tab" aria-selected={i === tab} onClick={() => setTab(i)}>
            {name}
          </button>
        ))}
      </div>
      <div class="snippet">
        <pre aria-label={`${label} snippet`} tabIndex={0}>
          <code>{code}</code>
        </pre>
        <CopyButton text={code} />
      </div>
    </div>
  );
}
