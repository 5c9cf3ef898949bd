/** Checks across the whole file: unique ids, references that exist, no dependency cycles. */
import { formatDuration } from '../lib/duration.js';
import { checkCycles } from './cycles.js';
import { checkRefs, count, list, record, text, type Path, type Report } from './draft.js';
import { checkMonitor } from './monitor-checks.js';
import { checkSchedules } from './schedules.js';
import { didYouMean } from './suggest.js';

export function checkConfig(value: unknown, report: Report): void {
  const config = record(value);
  const monitors = list(config.monitors);
  const monitorIds = uniqueIds(monitors, 'id', ['monitors'], report);
  uniquePingUuids(monitors, report);
  const escalations = new Set(Object.keys(record(config.escalations)).filter((name) => name !== 'fallback'));
  const defaults = record(config.defaults);
  const interval = count(defaults.interval);
  const timeout = count(defaults.timeout);
  if (interval !== undefined && timeout !== undefined && timeout > interval) {
    report(
      ['defaults', 'timeout'],
      `expected at most defaults.interval ${formatDuration(interval)}, got ${formatDuration(timeout)}: one run must end before the next starts`,
    );
  }
  const escalation = text(defaults.escalation);
  if (escalation !== undefined && !escalations.has(escalation)) {
    report(['defaults', 'escalation'], `no escalation policy is named \`${escalation}\`${didYouMean(escalation, escalations)}`);
  }

  const server = record(config.server);
  const minInterval = count(server.min_interval);
  const context = {
    interval,
    timeout,
    hasPingKey: text(server.ping_key) !== undefined,
    monitorIds,
    escalations,
    ...(minInterval !== undefined && { minInterval: { ms: minInterval, setting: 'server.min_interval' } }),
  };
  monitors.forEach((monitor, index) => checkMonitor(monitor, ['monitors', index], context, report));
  checkCycles(monitors, report);
  checkChannelRefs(config.escalations, new Set(Object.keys(record(config.channels))), report);
  checkSchedules(config, report);
  const slugs = checkStatusPages(list(config.status_pages), monitorIds, report);
  list(config.maintenance).forEach((window, index) => {
    checkRefs(record(window).monitors, ['maintenance', index, 'monitors'], monitorIds, 'monitor', report, didYouMean);
    checkRefs(record(window).announce_on, ['maintenance', index, 'announce_on'], slugs, 'status page', report, didYouMean);
  });
}

/** The ids in `items[i][field]`; the second use of one is reported, naming the first. */
function uniqueIds(items: unknown[], field: string, at: Path, report: Report): Set<string> {
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    const id = text(record(item)[field]);
    if (id === undefined) return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    else report([...at, index, field], `duplicate ${field} \`${id}\`: ${at.join('.')}[${earlier}] already uses it`);
  });
  return new Set(first.keys());
}

/**
 * Two heartbeats with one uuid would share every ping: one job's success would hide the other's
 * silence. UUIDs are compared as the ping route reads them, case-insensitively. (Ping slugs are
 * monitor ids, unique already.)
 */
function uniquePingUuids(monitors: unknown[], report: Report): void {
  const first = new Map<string, number>();
  monitors.forEach((monitor, index) => {
    const uuid = text(record(monitor).uuid)?.toLowerCase();
    if (uuid === undefined || record(monitor).type !== 'heartbeat') return;
    const earlier = first.get(uuid);
    if (earlier === undefined) first.set(uuid, index);
    else
      report(
        ['monitors', index, 'uuid'],
        `duplicate uuid \`${uuid}\`: monitors[${earlier}] (${String(record(monitors[earlier]).id)}) already uses it, so a ping could not tell them apart`,
      );
  });
}

function checkChannelRefs(escalations: unknown, channels: ReadonlySet<string>, report: Report): void {
  for (const [name, policy] of Object.entries(record(escalations))) {
    if (name === 'fallback') {
      checkRefs(policy, ['escalations', name], channels, 'channel', report, didYouMean);
      continue;
    }
    list(policy).forEach((step, index) => {
      checkRefs(record(step).notify, ['escalations', name, index, 'notify'], channels, 'channel', report, didYouMean);
    });
  }
}

function checkStatusPages(pages: unknown[], monitorIds: ReadonlySet<string>, report: Report): Set<string> {
  const slugs = uniqueIds(pages, 'slug', ['status_pages'], report);
  pages.forEach((page, index) => {
    list(record(page).components).forEach((component, position) => {
      const at = ['status_pages', index, 'components', position, 'monitors'];
      checkRefs(record(component).monitors, at, monitorIds, 'monitor', report, didYouMean);
    });
  });
  return slugs;
}
