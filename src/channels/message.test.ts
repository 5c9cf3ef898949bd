import { describe as group, expect, it } from 'vitest';
import { clip, describe, formatDuration, formatTime } from './message.js';
import { context, notification } from './testing/fixtures.js';

group('describe', () => {
  it('says what is down, since when, how many checks failed, why, who is affected and where to act', () => {
    expect(describe(notification('monitor.down'), context).text).toBe(
      'Update center is DOWN since 02:14 UTC (3 failed checks): HTTP 503 from https://updates.example.org/update-center.json (expected 200); ' +
        'affects: plugin-site, wiki; runbook: https://tocsin.example.org/runbooks/update-center; acknowledge: https://tocsin.example.org/ack/t0k; ' +
        'status page: https://status.example.org/',
    );
  });

  it.each([
    ['monitor.degraded', 'Update center is DEGRADED since 02:14 UTC (3 failed checks)'],
    ['monitor.up', 'Update center is UP again after being DOWN for 12m since 02:14 UTC'],
    ['monitor.reminder', 'Update center is still DOWN since 02:14 UTC, for 1h 5m (127 failed checks)'],
    ['monitor.flapping', 'Update center is FLAPPING: it keeps changing state; alerts pause until it settles (now DOWN)'],
    ['monitor.acknowledged', 'Update center is DOWN since 02:14 UTC: acknowledged by alice'],
    ['tocsin.self', 'tocsin engine is DOWN since 02:14 UTC'],
    ['test', 'Test notification from tocsin: this channel works'],
  ] as const)('heads a %s notification with "%s"', (event, headline) => {
    expect(describe(notification(event), context).headline).toBe(headline);
  });

  it('titles a digest by what changed, not as one monitor', () => {
    const digest = notification('monitor.down', {
      monitor: { id: 'tocsin.digest', name: '2000 monitors', type: 'digest', target: '2000 monitors changed state: 1990 down, 10 up' },
    });
    expect(describe(digest, context).title).toBe('2000 monitors changed state: 1990 down, 10 up');
    expect(describe(digest, context).text).toMatch(/^Since .*?: /);
  });

  it('offers no acknowledge link once the monitor has recovered', () => {
    expect(describe(notification('monitor.up'), context).links.map((l) => l.label)).toEqual(['Runbook', 'Status page']);
  });

  it('lists the facts a chat card shows', () => {
    expect(describe(notification('monitor.up'), context).facts).toEqual([
      { label: 'Monitor', value: 'Update center (http)' },
      { label: 'Target', value: 'https://updates.example.org/update-center.json' },
      { label: 'State', value: 'DOWN → UP' },
      { label: 'Since', value: '02:14 UTC' },
      { label: 'Down for', value: '12m' },
      { label: 'Incident', value: 'inc_7' },
    ]);
  });
});

group('formatTime', () => {
  it.each([
    ['2024-03-01T02:14:00Z', '2024-03-01T02:17:00Z', 'UTC', '02:14 UTC'],
    ['2024-02-28T23:50:00Z', '2024-03-01T02:17:00Z', 'UTC', '2024-02-28 23:50 UTC'],
    ['2024-03-01T02:14:00Z', '2024-03-01T02:17:00Z', 'Europe/Paris', '03:14 Europe/Paris'],
    ['2024-03-01T23:30:00Z', '2024-03-02T00:10:00Z', 'Europe/Paris', '00:30 Europe/Paris'],
  ])('writes %s seen at %s in %s as %s', (iso, reference, zone, expected) => {
    expect(formatTime(iso, reference, zone)).toBe(expected);
  });
});

group('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [12 * 60_000, '12m'],
    [65 * 60_000 + 30_000, '1h 5m'],
    [3_600_000 + 5_000, '1h'],
    [51 * 3_600_000, '2d 3h'],
  ])('writes %i ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

group('clip', () => {
  it('leaves short text alone and cuts long text with an ellipsis within the limit', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('abcdefghij', 5)).toBe('abcd…');
  });

  it('never splits an emoji in two', () => {
    expect(clip('abc😀def', 5)).toBe('abc…');
  });
});
