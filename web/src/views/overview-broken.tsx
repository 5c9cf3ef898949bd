/** "What's broken right now": the first thing on the overview, longest-standing problem first. */
import { ago } from '../format.js';
import { Markers } from '../parts/markers.js';
import { StatusBadge, shownStatus } from '../parts/status.js';
import type { Monitor } from '../types.js';

const SHOW = 8;

export function BrokenNow({ broken }: { broken: Monitor[] }) {
  if (broken.length === 0) {
    return (
      <div class="card allclear" role="status">
        <strong>Nothing is broken right now.</strong> Every checked monitor is up.
      </div>
    );
  }
  return (
    <div class="card broken" aria-labelledby="broken-h">
      <h2 id="broken-h">Broken right now ({broken.length})</h2>
      <ul class="plain brokenlist">
        {broken.slice(0, SHOW).map((m) => (
          <li key={m.id}>
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
        ))}
      </ul>
      {broken.length > SHOW && (
        <a href="/?state=broken">
          All {broken.length} broken monitors
        </a>
      )}
    </div>
  );
}
