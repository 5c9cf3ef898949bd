/** The tocsin instances sharing this store: which are live, what each holds, and which stopped or went silent. */
import { useApi } from '../data.js';
import { span, when } from '../format.js';
import { Problem } from '../parts/banner.js';

interface InstanceRow {
  name: string;
  host: string;
  pid: number;
  version: string;
  started_at: number;
  last_seen_at: number;
  stopped_at: number | null;
  monitors_held: number;
  monitors_scheduled: number;
  jobs: string[];
  heartbeat_age_ms: number;
  state: 'live' | 'stopped' | 'unreachable';
}

interface Answer {
  cluster: boolean;
  this_instance: string;
  lease_ttl_ms: number | null;
  instances: InstanceRow[];
}

/** Colour is never the only signal: the badge says the state in words. */
const STATE: Record<InstanceRow['state'], { word: string; badge: string }> = {
  live: { word: 'Live', badge: 's-up' },
  stopped: { word: 'Stopped', badge: 's-paused' },
  unreachable: { word: 'Unreachable', badge: 's-down' },
};

export function Instances() {
  const answer = useApi<Answer>('/api/v1/instances', 5_000);
  const data = answer.data;
  return (
    <section aria-labelledby="instances-h">
      <div class="titlebar">
        <h1 id="instances-h">Instances</h1>
        <span class="muted">
          {data?.cluster
            ? `Cluster mode: instances share the monitors through leases; one that misses ${span(data.lease_ttl_ms ?? 0)} of heartbeats is unreachable and the others take over what it held.`
            : 'One instance runs this store (no cluster section in the configuration).'}
        </span>
      </div>
      <Problem error={answer.error} what="the instances" />
      {data && data.instances.length === 0 && <p class="muted">No instance has run on this store in the last day.</p>}
      <ul class="plain cards instances" aria-label="Instances">
        {data?.instances.map((i) => (
          <InstanceCard key={i.name} instance={i} self={i.name === data.this_instance} cluster={data.cluster} />
        ))}
      </ul>
    </section>
  );
}

function InstanceCard({ instance: i, self, cluster }: { instance: InstanceRow; self: boolean; cluster: boolean }) {
  const state = STATE[i.state];
  return (
    <li class={`card instance ${i.state}`} data-instance={i.name}>
      <h2 class="instance-name">
        <span class={`badge ${state.badge}`}>
          <span class="dot" aria-hidden="true" />
          {state.word}
        </span>{' '}
        {i.name}
        {self && <span class="chip">this one</span>}
      </h2>
      {i.state === 'unreachable' && (
        <p class="problem">
          No heartbeat for {span(i.heartbeat_age_ms)}: dead, frozen or cut off from the database.{' '}
          {cluster ? 'Its monitors and duties went to the live instances.' : ''}
        </p>
      )}
      <dl class="settings">
        <dt>Last heartbeat</dt>
        <dd title={when(i.last_seen_at)}>{i.heartbeat_age_ms < 1000 ? 'just now' : `${span(i.heartbeat_age_ms)} ago`}</dd>
        <dt>Version</dt>
        <dd>{i.version}</dd>
        <dt>Monitors held</dt>
        <dd>{cluster ? i.monitors_held : i.monitors_scheduled}</dd>
        <dt>Duties held</dt>
        <dd>{i.jobs.length > 0 ? i.jobs.join(', ') : cluster ? 'none' : 'all (single instance)'}</dd>
        <dt>Host</dt>
        <dd>
          {i.host} (pid {i.pid})
        </dd>
        <dt>Started</dt>
        <dd>{when(i.started_at)}</dd>
        {i.stopped_at !== null && (
          <>
            <dt>Stopped</dt>
            <dd>{when(i.stopped_at)}</dd>
          </>
        )}
      </dl>
    </li>
  );
}
