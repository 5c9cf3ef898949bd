import { ago, ms, when } from '../format.js';
import { Problem } from '../parts/banner.js';
import { StatusBadge } from '../parts/status.js';
import type { Result, Status } from '../types.js';

/** Pure: the changes of status among results (newest first), newest change first. */
export function changes(results: Result[]): { status: Status; at: number; message: string }[] {
  const out: { status: Status; at: number; message: string }[] = [];
  const oldestFirst = results
    .filter((r) => !r.missed)
    .slice()
    .reverse();
  let previous: Status | undefined;
  for (const r of oldestFirst) {
    if (r.status !== previous) out.push({ status: r.status, at: r.at, message: r.message });
    previous = r.status;
  }
  return out.reverse();
}

export function StateHistory({ results }: { results: Result[] }) {
  const list = changes(results);
  return (
    <div class="card">
      <h2>Result history</h2>
      {list.length === 0 ? (
        <p class="muted">No results yet.</p>
      ) : (
        <ol class="plain timeline">
          {list.slice(0, 12).map((c) => (
            <li key={c.at}>
              <StatusBadge status={c.status} small /> <span title={when(c.at)}>{ago(c.at)}</span>
              <div class="small ellipsis">{c.message}</div>
            </li>
          ))}
        </ol>
      )}
      <p class="muted small">Changes among the last {results.length} results, before thresholds confirm them.</p>
    </div>
  );
}

export function RecentResults({ results, error }: { results: Result[]; error: { message: string; status: number } | undefined }) {
  return (
    <div class="card">
      <h2>Recent results</h2>
      <Problem error={error} what="the recent results" />
      <table class="results" tabIndex={0}>
        <thead>
          <tr>
            <th>When</th>
            <th>Result</th>
            <th class="num">Latency</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.at}>
              <td title={when(r.at)}>{ago(r.at)}</td>
              <td>{r.missed ? <span class="chip">missed</span> : <StatusBadge status={r.status} small />}</td>
              <td class="num">{ms(r.latency_ms)}</td>
              <td class="msg">{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
