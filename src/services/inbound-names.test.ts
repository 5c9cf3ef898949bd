import { describe, expect, it } from 'vitest';
import { distinguishingLabels, inboundName, mergeKeys } from './inbound-names.js';

const alert = (labels: Record<string, string>) => ({ labels });

describe('distinguishingLabels', () => {
  const rows: [string, Record<string, string>[], Record<string, string>, string[]][] = [
    ['a lone alert shows its group labels and instance', [{ alertname: 'DiskFull', instance: 'db1', job: 'node' }], { alertname: 'DiskFull' }, ['instance']],
    [
      'labels that differ between the alerts',
      [
        { alertname: 'X', pod: 'a', ns: 'p' },
        { alertname: 'X', pod: 'b', ns: 'p' },
      ],
      { alertname: 'X' },
      ['pod'],
    ],
    ['a label only some alerts carry', [{ alertname: 'X', pod: 'a' }, { alertname: 'X' }], {}, ['pod']],
    ['group labels even when all alerts agree', [{ alertname: 'X', cluster: 'eu', pod: 'a' }], { alertname: 'X', cluster: 'eu' }, ['cluster']],
    ['alertname when a group mixes alerts is the name, not a label', [{ alertname: 'X' }, { alertname: 'Y' }], {}, []],
  ];
  for (const [what, alerts, groupLabels, expected] of rows) {
    it(`takes ${what}`, () => expect(distinguishingLabels(alerts.map(alert), groupLabels)).toEqual(expected));
  }
});

describe('inboundName', () => {
  it('shows the distinguishing labels the alert has, in order', () => {
    expect(inboundName('HighLatency', { instance: 'a', pod: 'x', job: 'api' }, ['instance', 'pod', 'zone'])).toBe('HighLatency {instance=a, pod=x}');
    expect(inboundName('HighLatency', { job: 'api' }, [])).toBe('HighLatency');
  });

  it('gives eleven alerts that differ only in one label eleven names', () => {
    const alerts = Array.from({ length: 11 }, (_, i) => ({ alertname: 'PodCrash', namespace: 'prod', pod: `api-${i}` }));
    const keys = distinguishingLabels(alerts.map(alert), { alertname: 'PodCrash' });
    expect(new Set(alerts.map((labels) => inboundName('PodCrash', labels, keys))).size).toBe(11);
  });

  it('cuts long values and long names', () => {
    const name = inboundName('X', { a: 'v'.repeat(100), b: 'w'.repeat(100), c: 'z'.repeat(100), d: 'y'.repeat(100) }, ['a', 'b', 'c', 'd']);
    expect(name).toHaveLength(200);
    expect(name).toMatch(/^X \{a=v{63}…, b=w{63}…, c=z+…$/);
  });
});

describe('mergeKeys', () => {
  it('only ever adds label names, so a name does not flip as alerts join and leave a group', () => {
    expect(mergeKeys(['instance', 'pod'], ['instance'])).toEqual(['instance', 'pod']);
    expect(mergeKeys(undefined, ['pod', 'instance'])).toEqual(['instance', 'pod']);
  });
});
