import { describe, expect, it } from 'vitest';
import { componentState, dailyBars, overallLevel, type ComponentState, type Impact, type MonitorView } from './status-page.js';

const m = (status: MonitorView['status'], inMaintenance = false): MonitorView => ({ status, since: 0, inMaintenance });
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 12, 12);
const TODAY = Date.UTC(2026, 4, 12);

describe('componentState', () => {
  it.each<[string, MonitorView[], ComponentState]>([
    ['no monitor checked yet is unknown', [m(undefined)], 'unknown'],
    ['all up is operational', [m('up'), m('up')], 'operational'],
    ['one of two down is a partial outage', [m('up'), m('down')], 'partial_outage'],
    ['all down is a major outage', [m('down'), m('down')], 'major_outage'],
    ['a degraded monitor degrades it', [m('up'), m('degraded')], 'degraded_performance'],
    ['all in maintenance is under maintenance', [m('down', true)], 'under_maintenance'],
    ['a monitor in maintenance does not count as down', [m('down', true), m('up')], 'operational'],
  ])('%s', (_name, monitors, expected) => expect(componentState(monitors)).toBe(expected));
});

describe('overallLevel', () => {
  it.each<[string, ComponentState[], Impact[], string]>([
    ['all operational', ['operational', 'unknown'], [], 'operational'],
    ['every component down is a major outage', ['major_outage', 'major_outage'], [], 'major_outage'],
    ['one component down is a partial outage', ['major_outage', 'operational'], [], 'partial_outage'],
    ['degraded', ['degraded_performance', 'operational'], [], 'degraded_performance'],
    ['maintenance', ['under_maintenance', 'operational'], [], 'under_maintenance'],
    ['a critical incident posted before monitors see it', ['operational'], ['critical'], 'major_outage'],
    ['a minor incident does not lower a partial outage', ['partial_outage', 'operational'], ['minor'], 'partial_outage'],
  ])('%s', (_name, components, impacts, expected) => expect(overallLevel(components, impacts)).toBe(expected));
});

describe('dailyBars', () => {
  it('gives one bar a day ending today, coloured by the worst run or post of the day', () => {
    const bars = dailyBars(
      [
        { day: TODAY - 2 * DAY, up: 99, degraded: 0, down: 1, unknown: 0, excluded: 0 },
        { day: TODAY - DAY, up: 90, degraded: 10, down: 0, unknown: 3, excluded: 0 },
        { day: TODAY, up: 10, degraded: 0, down: 0, unknown: 0, excluded: 5 },
      ],
      [{ title: 'Mirror slow', kind: 'incident', impact: 'major', from: TODAY + 3600_000, to: undefined }],
      4,
      NOW,
    );
    expect(bars.map((b) => [b.day, b.level, b.uptime])).toEqual([
      [TODAY - 3 * DAY, 'none', null],
      [TODAY - 2 * DAY, 'down', 99],
      [TODAY - DAY, 'degraded', 100],
      [TODAY, 'down', 100],
    ]);
    expect(bars[3]?.posts).toEqual(['Mirror slow']);
  });
});
