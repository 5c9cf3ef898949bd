/**
 * "What's broken right now": the first thing on the overview. Monitors failing for one cause are
 * one line with a count (broken-groups.ts), longest-standing problem first within each.
 */
import { useMemo, useState } from 'preact/hooks';
import { groupBroken, type BrokenGroup, type GroupBy } from '../broken-groups.js';
import { ago } from '../format.js';
import { Markers } from '../parts/markers.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import { post } from '../api.js';
import { bulkSummary, forEachLimited } from '../bulk.js';
import { canWrite } from '../session.js';
import { say, session, useBox } from '../store.js';
import type { Monitor, Shown } from '../types.js';

const SHOW = 8;
const MEMBERS = 50;
const BY: [GroupBy, string][] = [
  ['cause', 'Cause'],
  ['group', 'Group'],
  ['tag', 'Tag'],
  ['none', 'None'],
];
const ORDER: Shown[] = ['down', 'degraded', 'unknown'];

export function BrokenNow({ broken }: { broken: Monitor[] }) {
  const [by, setBy] = useState<GroupBy>('cause');
  const groups = useMemo(() => groupBroken(broken, by), [broken, by]);
  if (broken.length === 0) {
    return (
      <div class="card allclear" role="status">
        <strong>Nothing is broken right now.</strong> Every checked monitor is up.
      </div>
    );
  }
  return (
    <div class="card broken" aria-labelledby="broken-h">
      <div class="titlebar">
        <h2 id="broken-h">Broken right now ({broken.length})</h2>
        <div class="segmented" role="group" aria-label="Group broken monitors by">
          {BY.map(([key, label]) => (
            <button key={key} type="button" aria-pressed={by === key} onClick={() => setBy(key)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      <ul class="plain brokenlist">
        {groups
          .slice(0, SHOW)
          .map((g) =>
            g.monitors.length === 1 && by !== 'group' && by !== 'tag' ? <One key={g.key} m={g.monitors[0] as Monitor} /> : <Group key={g.key} group={g} />,
          )}
      </ul>
      {groups.length > SHOW && <a href="/?state=broken">All {broken.length} broken monitors</a>}
    </div>
  );
}

function One({ m }: { m: Monitor }) {
  return (
    <li data-broken={m.id}>
      <StatusBadge status={shownStatus(m)} small />
      <a class="ellipsis" href={`/monitors/${encodeURIComponent(m.id)}`}>
        {m.name}
      </a>
      <span class="ellipsis small" title={m.state?.last_message}>
        {m.state?.last_message}
      </span>
      <span class="muted small">
        <Markers monitor={m} /> since {ago(m.state?.since)}
      </span>
    </li>
  );
}

function Group({ group: g }: { group: BrokenGroup }) {
  const worst = ORDER.find((s) => g.counts[s]) ?? 'pending';
  const counts = ORDER.filter((s) => g.counts[s])
    .map((s) => `${g.counts[s]} ${s}`)
    .join(' · ');
  const since = Math.min(...g.monitors.map((m) => m.state?.since ?? Infinity));
  return (
    <li class="group-row" data-group={g.key}>
      <details>
        <summary>
          <StatusBadge status={worst} small />
          <strong class="ellipsis" title={g.label}>
            <span class="count">{g.monitors.length === 1 ? '1 monitor' : `${g.monitors.length} monitors`}</span>: {g.label}
          </strong>
          <span class="muted small">
            {counts}
            {Number.isFinite(since) ? ` · since ${ago(since)}` : ''}
          </span>
        </summary>
        <GroupActions group={g} />
        <ul class="plain brokenlist nested">
          {g.monitors.slice(0, MEMBERS).map((m) => (
            <One key={m.id} m={m} />
          ))}
        </ul>
        {g.monitors.length > MEMBERS && <p class="muted small">and {g.monitors.length - MEMBERS} more: use the Broken filter below.</p>}
      </details>
    </li>
  );
}

const PARALLEL = 6;

/** The whole group in one tap: acknowledge what is not yet, or silence it for two hours. */
function GroupActions({ group: g }: { group: BrokenGroup }) {
  const writer = canWrite(useBox(session).user);
  const [busy, setBusy] = useState(false);
  if (!writer) return null;
  const unacked = g.monitors.filter((m) => !m.state?.acknowledged).map((m) => m.id);
  const loud = g.monitors.filter((m) => !m.state?.silenced && !m.state?.in_maintenance).map((m) => m.id);
  const run = async (verb: string, ids: string[], act: (id: string) => Promise<unknown>) => {
    setBusy(true);
    try {
      const outcome = await forEachLimited(ids, PARALLEL, act);
      say(bulkSummary(verb, outcome), outcome.failed.length ? 'error' : 'ok');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="actions group-actions">
      <button
        type="button"
        class="primary"
        disabled={busy || unacked.length === 0}
        onClick={() => void run('Acknowledged', unacked, (id) => post(`/api/v1/alerts/${encodeURIComponent(id)}/ack`))}
      >
        Acknowledge all {unacked.length}
      </button>
      <button
        type="button"
        disabled={busy || loud.length === 0}
        onClick={() => void run('Silenced', loud, (id) => post(`/api/v1/monitors/${encodeURIComponent(id)}/silence`, { for: '2h' }))}
      >
        Silence all {loud.length} for 2 h
      </button>
    </div>
  );
}
