import { describe, expect, it } from 'vitest';
import { incidentAt, MIN, T0 } from './fixtures.js';
import { buildReport, stat, type ReportIncident } from './report.js';
import type { IncidentTimes } from './timeline.js';
import type { ActionItem, ResponseIncident } from './types.js';

const DAY = 86_400_000;

function row(
  id: string,
  startedAt: number,
  over: Partial<ResponseIncident>,
  detect: number,
  ack: number | null,
  recover: number | null,
  tags: string[],
): ReportIncident {
  const times: IncidentTimes = {
    startedAt,
    detectedAt: startedAt + detect,
    acknowledgedAt: ack === null ? null : startedAt + detect + ack,
    recoveredAt: recover === null ? null : startedAt + recover,
    resolvedAt: null,
    toDetectMs: detect,
    toAcknowledgeMs: ack,
    toRecoverMs: recover,
  };
  return { incident: incidentAt({ id, ...over }), times, tags };
}

/** Five incidents over two months, one before the period. */
const DATA: ReportIncident[] = [
  row('a', T0, { severity: 1, monitors: ['db', 'web'], postmortem: 'published' }, 2 * MIN, 5 * MIN, 40 * MIN, ['prod']),
  row('b', T0 + 2 * DAY, { severity: 2, monitors: ['db'], postmortem: 'waived' }, 1 * MIN, 3 * MIN, 10 * MIN, ['prod']),
  row('c', T0 + 5 * DAY, { severity: 2, monitors: ['mirror'] }, 4 * MIN, null, 60 * MIN, ['edge']),
  row('d', T0 + 31 * DAY, { severity: 3, monitors: ['db'], state: 'monitoring', resolvedAt: null }, 0, 2 * MIN, null, ['prod']),
  row('e', T0 + 40 * DAY, { severity: 4, monitors: [], openedBy: 'ana' }, 0, 1 * MIN, 30 * MIN, []),
  row('old', T0 - 100 * DAY, { severity: 1, monitors: ['db'] }, 9 * MIN, 9 * MIN, 9 * MIN, ['prod']),
];

function item(id: string, dueAt: number | null, state: ActionItem['state']): ActionItem {
  return { id, incidentId: 'a', title: id, owner: null, dueAt, state, link: null, createdAt: T0, updatedAt: T0 };
}

describe('incident report', () => {
  const report = buildReport({
    from: T0 - DAY,
    to: T0 + 90 * DAY,
    incidents: DATA,
    actionItems: [item('late', T0 + DAY, 'open'), item('done', T0, 'done'), item('later', T0 + 99 * DAY, 'open'), item('undated', null, 'open')],
    uptime: [{ page: 'public', component: 'Downloads', percent: 99.95 }],
    now: T0 + 50 * DAY,
  });

  it('counts the incidents of the period by severity and those not closed', () => {
    expect(report.incidents).toBe(5);
    expect(report.bySeverity).toEqual({ SEV1: 1, SEV2: 2, SEV3: 1, SEV4: 1 });
    expect(report.notClosed).toBe(3);
  });

  it('computes mean, median and max of detection, acknowledgement and recovery, leaving out what has not happened', () => {
    expect(report.timeToDetect).toEqual({ count: 5, meanMs: 1.4 * MIN, medianMs: 1 * MIN, maxMs: 4 * MIN });
    expect(report.timeToAcknowledge).toEqual({ count: 4, meanMs: 2.75 * MIN, medianMs: 2.5 * MIN, maxMs: 5 * MIN });
    expect(report.timeToRecover).toEqual({ count: 4, meanMs: 35 * MIN, medianMs: 35 * MIN, maxMs: 60 * MIN });
  });

  it('groups by monitor, tag and month', () => {
    expect(report.byMonitor.map((g) => [g.key, g.incidents, g.timeToRecover.meanMs])).toEqual([
      ['db', 3, 25 * MIN],
      ['mirror', 1, 60 * MIN],
      ['web', 1, 40 * MIN],
    ]);
    expect(report.byTag.map((g) => [g.key, g.incidents])).toEqual([
      ['prod', 3],
      ['edge', 1],
    ]);
    expect(report.byMonth.map((g) => [g.key, g.incidents])).toEqual([
      ['2026-11', 3],
      ['2026-12', 2],
    ]);
  });

  it('lists open action items past their due date, oldest first', () => {
    expect(report.overdueActionItems.map((i) => i.id)).toEqual(['late']);
    expect(report.uptime).toEqual([{ page: 'public', component: 'Downloads', percent: 99.95 }]);
  });

  it('gives no figures for an empty set', () => {
    expect(stat([])).toEqual({ count: 0, meanMs: null, medianMs: null, maxMs: null });
  });
});
