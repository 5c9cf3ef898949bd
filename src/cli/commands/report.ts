/** `tocsin report [--since 90d] [--json]`: the incident report of services/incident-report.ts, as a table or JSON. */
import type { Command } from 'commander';
import { span, utc } from '../../core/incident/postmortem.js';
import type { Group, IncidentReport, Stat } from '../../core/incident/report.js';
import { parseDuration } from '../../lib/duration.js';
import { TocsinError } from '../../lib/errors.js';
import { incidentReport } from '../../services/incident-report.js';
import { withConfigStore } from '../store.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .option('--since <duration>', 'how far back, e.g. 30d or 90d (1h to 800d)', '90d')
    .option('--json', 'print as JSON')
    .description('incidents by severity; time to detect, acknowledge and recover; per monitor, tag and month; uptime per component; overdue action items')
    .action(async (o: { since: string; json?: boolean }, command: Command) =>
      withConfigStore(command, 'read', async (store, config) => {
        const since = parseDuration(o.since);
        if (since === undefined || since < 3_600_000 || since > 800 * 86_400_000)
          throw new TocsinError('invalid_input', `--since must be a duration from 1h to 800d such as 90d, got "${o.since}"`, { field: 'since' });
        const now = Date.now();
        const report = await incidentReport(store.db, config, { from: now - since, to: now + 1, now });
        process.stdout.write(o.json ? JSON.stringify(report, null, 2) + '\n' : reportTable(report));
      }),
    );
}

export function reportTable(r: IncidentReport): string {
  const out = [
    `incidents from ${utc(r.from)} to ${utc(r.to - 1)} UTC: ${r.incidents} (${r.notClosed} not closed)`,
    `by severity: ${Object.entries(r.bySeverity)
      .map(([sev, n]) => `${sev} ${n}`)
      .join(' · ')}`,
    '',
    table(
      ['', 'count', 'mean', 'median', 'max'],
      [
        ['time to detect', ...cells(r.timeToDetect)],
        ['time to acknowledge', ...cells(r.timeToAcknowledge)],
        ['time to recover', ...cells(r.timeToRecover)],
      ],
    ),
  ];
  for (const [title, groups] of [
    ['monitor', r.byMonitor],
    ['tag', r.byTag],
    ['month', r.byMonth],
  ] as const) {
    if (groups.length === 0) continue;
    out.push('', table([title, 'incidents', 'mean detect', 'mean ack', 'mean recover'], groups.map(groupRow)));
  }
  if (r.uptime.length > 0)
    out.push(
      '',
      table(
        ['page', 'component', 'uptime'],
        r.uptime.map((u) => [u.page, u.component, u.percent === null ? 'no data' : `${u.percent.toFixed(3)}%`]),
      ),
    );
  out.push('', r.overdueActionItems.length === 0 ? 'no overdue action items' : `overdue action items (${r.overdueActionItems.length}):`);
  for (const item of r.overdueActionItems)
    out.push(`  ${utc(item.dueAt ?? 0).slice(0, 10)}  ${item.title}${item.owner ? ` — ${item.owner}` : ' — no owner'}  (${item.incidentId}, ${item.id})`);
  return out.join('\n') + '\n';
}

function cells(s: Stat): string[] {
  const d = (ms: number | null) => (ms === null ? '—' : span(ms));
  return [String(s.count), d(s.meanMs), d(s.medianMs), d(s.maxMs)];
}

function groupRow(g: Group): string[] {
  const d = (ms: number | null) => (ms === null ? '—' : span(ms));
  return [g.key, String(g.incidents), d(g.timeToDetect.meanMs), d(g.timeToAcknowledge.meanMs), d(g.timeToRecover.meanMs)];
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
