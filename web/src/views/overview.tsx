/**
 * Every monitor with its live state. What is broken comes first; tag, group, type and state filter
 * on the server, search and sort here, and the list renders only the rows in view.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApi } from '../data.js';
import { liveState, useLive } from '../live.js';
import { applyStates, facets, search, sortMonitors, type SortKey } from '../monitors.js';
import { Problem } from '../parts/banner.js';
import { isBroken } from '../parts/status.js';
import { VirtualList } from '../parts/virtual-list.js';
import { navigate, useLocation } from '../router.js';
import { seed, want, type OverviewFigures } from '../stats.js';
import { useBox } from '../store.js';
import type { Monitor } from '../types.js';
import { BrokenNow } from './overview-broken.js';
import { MonitorRow, ROW_HEIGHT } from './overview-row.js';
import { SilenceDialog } from './silence-dialog.js';

const STATES = ['all', 'broken', 'down', 'degraded', 'unknown', 'up', 'pending'] as const;

interface OverviewAnswer {
  monitors: (Omit<Monitor, 'settings' | 'group'> & { group: string | null })[];
  figures: Record<string, OverviewFigures>;
}

/** The tag, group, type and confirmed-state filters of the address bar ("broken" is applied apart). */
function matches(m: Monitor, filter: { tag: string; group: string; type: string; state: string }): boolean {
  if (filter.tag && !m.tags.includes(filter.tag)) return false;
  if (filter.group && m.group !== filter.group) return false;
  if (filter.type && m.type !== filter.type) return false;
  if (filter.state === 'all' || filter.state === 'broken') return true;
  return (m.state?.status ?? 'pending') === filter.state;
}
const BATCH_MS = 250;

export function Overview() {
  const { params } = useLocation();
  const filter = { tag: params.get('tag') ?? '', group: params.get('group') ?? '', type: params.get('type') ?? '', state: params.get('state') ?? 'all' };
  const live = useBox(liveState);
  // One request: every monitor (no settings) and the worst rows' figures; other rows' figures come per screenful.
  const loaded = useApi<OverviewAnswer>('/api/v1/overview', live === 'live' ? 60_000 : 10_000);
  const [monitors, setMonitors] = useState<Monitor[]>([]);
  const [text, setText] = useState('');
  const [sort, setSort] = useState<SortKey>('status');

  useEffect(() => {
    if (!loaded.data) return;
    seed(loaded.data.figures);
    setMonitors(loaded.data.monitors.map((m) => ({ ...m, group: m.group ?? undefined, settings: {} })));
  }, [loaded.data]);
  // Live changes are applied in batches: a partition can flip thousands of monitors within a second.
  const pending = useRef<Record<string, unknown>[]>([]);
  useLive(
    (event) => {
      // Acknowledgements and silences change markers the state events do not carry.
      if (event.type === 'monitor' || (event.type === 'alert' && event.data.action !== 'received')) loaded.reload();
      if (event.type !== 'state') return;
      if (pending.current.push(event.data) > 1) return;
      setTimeout(() => {
        const batch = pending.current;
        pending.current = [];
        setMonitors((list) => applyStates(list, batch));
      }, BATCH_MS);
    },
    [loaded.reload],
  );
  useEffect(() => {
    if (params.get('focus') === 'search') document.getElementById('search')?.focus();
  }, []);

  // What the tag, group, type and state filters leave; the search and the sort work within it.
  const scoped = useMemo(() => monitors.filter((m) => matches(m, filter)), [monitors, filter.state, filter.tag, filter.group, filter.type]);
  const shown = useMemo(() => {
    const found = search(scoped, text);
    return sortMonitors(filter.state === 'broken' ? found.filter(isBroken) : found, sort);
  }, [scoped, text, sort, filter.state]);
  const broken = useMemo(() => sortMonitors(scoped.filter(isBroken), 'status'), [scoped]);
  const options = useMemo(() => facets(monitors), [monitors]);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(location.search);
    if (value && value !== 'all') next.set(key, value);
    else next.delete(key);
    navigate(`/${next.size ? `?${next}` : ''}`, true);
  };

  return (
    <section aria-labelledby="overview-h">
      <div class="titlebar">
        <h1 id="overview-h">Overview</h1>
        <span class="muted">
          {scoped.length.toLocaleString('en')} monitors · {broken.length ? `${broken.length.toLocaleString('en')} broken` : 'nothing broken'} ·{' '}
          {live === 'live' ? 'live' : 'refreshing every 10 s'}
        </span>
        <a class="button primary" href="/monitors/new" title="New monitor (n)">
          New monitor
        </a>
      </div>
      <Problem error={loaded.error} what="the monitors" />
      {filter.state === 'all' && !text && scoped.length > 0 && <BrokenNow broken={broken} />}
      <div class="filters" role="search">
        <input
          id="search"
          type="search"
          placeholder="Search id, name, URL, tag… (/)"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          aria-label="Search monitors"
        />
        <div class="segmented" role="group" aria-label="State">
          {STATES.map((s) => (
            <button key={s} type="button" aria-pressed={filter.state === s} onClick={() => set('state', s)}>
              {s[0]?.toUpperCase()}
              {s.slice(1)}
            </button>
          ))}
        </div>
        <Select label="Tag" value={filter.tag} options={options.tags} onChange={(v) => set('tag', v)} />
        <Select label="Group" value={filter.group} options={options.groups} onChange={(v) => set('group', v)} />
        <Select label="Type" value={filter.type} options={options.types} onChange={(v) => set('type', v)} />
        <label class="inline">
          Sort
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
            <option value="status">worst first</option>
            <option value="name">name</option>
            <option value="latency">slowest first</option>
            <option value="checked">last checked</option>
          </select>
        </label>
      </div>
      {loaded.loading && !loaded.data ? (
        <p class="muted">Loading monitors…</p>
      ) : shown.length === 0 ? (
        <Empty total={monitors.length} />
      ) : (
        <div class="table">
          <div class="thead vrow-grid" aria-hidden="true">
            <span>State</span>
            <span>Monitor</span>
            <span>Last result</span>
            <span>Recent results</span>
            <span class="num">Latency</span>
            <span>24 h</span>
            <span>30 d</span>
            <span>TLS</span>
            <span />
          </div>
          <VirtualList items={shown} rowHeight={ROW_HEIGHT} render={(m) => <MonitorRow monitor={m} />} onVisible={(rows) => want(rows.map((m) => m.id))} />
        </div>
      )}
      <SilenceDialog onDone={loaded.reload} />
    </section>
  );
}

function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange(v: string): void }) {
  return (
    <label class="inline">
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function Empty({ total }: { total: number }) {
  if (total === 0) {
    return (
      <div class="card empty">
        <h2>No monitors yet</h2>
        <p>
          Add one here with <a href="/monitors/new">New monitor</a>, or list them under <code>monitors:</code> in tocsin.yaml.
        </p>
      </div>
    );
  }
  return <p class="muted">No monitor matches these filters.</p>;
}
