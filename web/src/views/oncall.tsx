/** Who is on call now and who is next, per schedule, in the schedule's own time; each with its calendar feed and overrides. */
import { useState } from 'preact/hooks';
import { ApiError, get } from '../api.js';
import { useApi } from '../data.js';
import { ago } from '../format.js';
import { Problem } from '../parts/banner.js';
import { canWrite } from '../session.js';
import { say, session, useBox } from '../store.js';
import { Overrides, type Person } from './oncall-overrides.js';

interface OnCall {
  person: string;
  name: string;
  source: string;
  start: string;
  end: string;
  reason?: string;
}

interface ScheduleNow {
  id: string;
  name: string;
  time_zone: string;
  now: OnCall | null;
  next: (OnCall & { at: string }) | { at: string; person: null; name: string } | null;
}

/** "Mon 13 Jul, 09:00" in the schedule's zone: hand-offs are agreed in local time. */
function local(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function OnCallView() {
  const answer = useApi<{ at: string; schedules: ScheduleNow[] }>('/api/v1/oncall', 60_000);
  const defined = useApi<{ people: Record<string, { name?: string }> }>('/api/v1/schedules');
  const people: Person[] = Object.entries(defined.data?.people ?? {}).map(([id, p]) => ({ id, name: p.name ?? id }));
  const writer = canWrite(useBox(session).user);
  const schedules = answer.data?.schedules;
  return (
    <div>
      <h1>On call</h1>
      <Problem error={answer.error} what="who is on call" />
      {schedules?.length === 0 && (
        <div class="card">
          <h2>No schedules yet</h2>
          <p class="muted">
            Add <code>people:</code> and <code>schedules:</code> to tocsin.yaml, then page them from an escalation step with{' '}
            <code>oncall: &lt;schedule&gt;</code>.
          </p>
        </div>
      )}
      <div class="cards wide">
        {schedules?.map((s) => (
          <ScheduleCard key={s.id} schedule={s} people={people} writer={writer} onChanged={answer.reload} />
        ))}
      </div>
    </div>
  );
}

function ScheduleCard({
  schedule: s,
  people,
  writer,
  onChanged,
}: {
  schedule: ScheduleNow;
  people: readonly Person[];
  writer: boolean;
  onChanged: () => void;
}) {
  const [feed, setFeed] = useState<string | undefined>(undefined);
  const showFeed = async () => {
    try {
      const { path } = await get<{ path: string }>(`/api/v1/schedules/${encodeURIComponent(s.id)}/calendar`);
      setFeed(new URL(path, location.origin).toString());
    } catch (error) {
      say(error instanceof ApiError ? error.message : String(error), 'error');
    }
  };
  return (
    <section class="card" aria-label={`Schedule ${s.name}`}>
      <h2>{s.name}</h2>
      <p class="muted small">
        {s.id} · {s.time_zone}
      </p>
      <dl class="settings">
        <dt>On call now</dt>
        <dd data-testid={`oncall-now-${s.id}`}>
          {s.now ? (
            <>
              <strong>{s.now.name}</strong>
              {s.now.source === 'override' ? ` (override${s.now.reason ? `: ${s.now.reason}` : ''})` : ` (${s.now.source})`}
              <div class="muted small">
                until {local(s.now.end, s.time_zone)} ({ago(Date.parse(s.now.end))})
              </div>
            </>
          ) : (
            <strong>Nobody</strong>
          )}
        </dd>
        <dt>Next</dt>
        <dd data-testid={`oncall-next-${s.id}`}>
          {s.next ? (
            <>
              <strong>{s.next.person === null ? 'Nobody' : s.next.name}</strong>
              <div class="muted small">
                from {local(s.next.at, s.time_zone)} ({ago(Date.parse(s.next.at))})
              </div>
            </>
          ) : (
            'No hand-off within a year'
          )}
        </dd>
      </dl>
      <div class="actions">
        {feed ? (
          <label class="small">
            Calendar feed (keep it private: it opens this schedule without signing in)
            <input type="text" readOnly value={feed} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          </label>
        ) : (
          <button type="button" onClick={() => void showFeed()}>
            Calendar feed
          </button>
        )}
      </div>
      <Overrides schedule={s.id} timeZone={s.time_zone} people={people} writer={writer} onChanged={onChanged} />
    </section>
  );
}
