/**
 * /status/<slug>.json: Statuspage's summary.json (statuspage-v2.ts, the same document as
 * /status/<slug>/api/v2/summary.json) plus what tocsin adds per component: `since` (when the
 * trouble began), `uptime_90d`, the honest `unknown` status where no check has judged yet, and
 * `locations` ([{name, status}]) for a component whose monitors run in several places.
 * Consumers written for Statuspage ignore the extra keys.
 */
import type { PageView } from './model.js';
import { iso } from './escape.js';
import { statuspageDocuments } from './statuspage-v2.js';

export function renderSummary(view: PageView, url: string | undefined): object {
  const summary = statuspageDocuments(view, url).summary as { components: { id: string; group: boolean }[] };
  const byId = new Map(view.components.map((c) => [c.id, c]));
  const components = summary.components.map((row) => {
    const c = row.group ? undefined : byId.get(row.id);
    if (!c) return row;
    return {
      ...row,
      status: c.state,
      since: c.since === undefined ? null : iso(c.since),
      uptime_90d: c.uptime === null ? null : Number(c.uptime.toFixed(4)),
      ...(c.locations && { locations: c.locations.map((l) => ({ name: l.location, status: l.status })) }),
    };
  });
  return { ...summary, components };
}
