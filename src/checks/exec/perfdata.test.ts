import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePerfdata, perfdataMetrics, perfdataUnits } from './perfdata.js';

const MB = 1024 ** 2;

describe('parsePerfdata', () => {
  const cases: [string, string, ReturnType<typeof parsePerfdata>][] = [
    [
      'reads check_http output from the plugin API docs',
      'time=0.270634s;;;0.000000 size=20156B;;;0',
      [
        { label: 'time', value: 0.270634, uom: 's', min: 0 },
        { label: 'size', value: 20156, uom: 'B', min: 0 },
      ],
    ],
    [
      'converts MB to bytes in value, thresholds and bounds',
      '/=2643MB;5948;5958;0;5968',
      [{ label: '/', value: 2643 * MB, uom: 'MB', warn: 5948 * MB, crit: 5958 * MB, min: 0, max: 5968 * MB }],
    ],
    [
      'reads several items from the long-text section of the docs example',
      '/boot=68MB;88;93;0;98\n/home=69357MB;253404;253409;0;253414 \n/var/log=818MB;970;975;0;980',
      [
        { label: '/boot', value: 68 * MB, uom: 'MB', warn: 88 * MB, crit: 93 * MB, min: 0, max: 98 * MB },
        { label: '/home', value: 69357 * MB, uom: 'MB', warn: 253404 * MB, crit: 253409 * MB, min: 0, max: 253414 * MB },
        { label: '/var/log', value: 818 * MB, uom: 'MB', warn: 970 * MB, crit: 975 * MB, min: 0, max: 980 * MB },
      ],
    ],
    ['converts milliseconds to seconds', 'rta=12ms;100;500;0', [{ label: 'rta', value: 0.012, uom: 'ms', warn: 0.1, crit: 0.5, min: 0 }]],
    ['converts microseconds to seconds', 'lag=250us', [{ label: 'lag', value: 0.00025, uom: 'us' }]],
    ['keeps percentages as 0–100', 'cpu_user=0.5%;99.9;-9;', [{ label: 'cpu_user', value: 0.5, uom: '%', warn: 99.9, crit: -9 }]],
    ['keeps counters as they are', 'packets=10c;100;90;', [{ label: 'packets', value: 10, uom: 'c', warn: 100, crit: 90 }]],
    ['reads a unitless count with an empty max', 'procs=103;;;0;', [{ label: 'procs', value: 103, uom: '', min: 0 }]],
    [
      'reads KB, GB and TB in powers of 1024',
      'a=1KB b=2GB c=1TB',
      [
        { label: 'a', value: 1024, uom: 'KB' },
        { label: 'b', value: 2 * 1024 ** 3, uom: 'GB' },
        { label: 'c', value: 1024 ** 4, uom: 'TB' },
      ],
    ],
    ['reads a quoted label with spaces', "'disk in use'=42%;80;90", [{ label: 'disk in use', value: 42, uom: '%', warn: 80, crit: 90 }]],
    ["unescapes '' inside a quoted label", "'it''s'=1", [{ label: "it's", value: 1, uom: '' }]],
    ["reads the docs' quoted label with escaped quotes", "'a ''b'' = c'=0%;100;90;", [{ label: "a 'b' = c", value: 0, uom: '%', warn: 100, crit: 90 }]],
    ['reads negative values and exponents', 'temp=-4.5;;;-40;1e2', [{ label: 'temp', value: -4.5, uom: '', min: -40, max: 100 }]],
    ['accepts thresholds that repeat the unit', 'time=0.5s;1s;2s', [{ label: 'time', value: 0.5, uom: 's', warn: 1, crit: 2 }]],
    ['takes the one finite bound of a one-sided range', 'free=50;10:;~:5', [{ label: 'free', value: 50, uom: '', warn: 10, crit: 5 }]],
    ['gives no figure for a two-sided or inverted range', 'load=3;1:4;@2:6', [{ label: 'load', value: 3, uom: '' }]],
    ['skips an undetermined value', 'x=U;1;2 y=1', [{ label: 'y', value: 1, uom: '' }]],
    ['skips an unknown unit', 'rx=5parsecs y=2', [{ label: 'y', value: 2, uom: '' }]],
    ['skips items without a value or label', 'alone =3 z= w=;1 ok=1', [{ label: 'ok', value: 1, uom: '' }]],
    ['skips a threshold that is not a number', 'x=1;high;2', [{ label: 'x', value: 1, uom: '', crit: 2 }]],
    ['skips an unterminated quoted label', "'broken=1", []],
    ['returns nothing for empty text', '   ', []],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(parsePerfdata(text)).toEqual(expected);
  });

  it('never throws, whatever the plugin printed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '=', ';', ' ', '1', '.', 'a', '%', 'M', 'B', ':', '~', '@', '\n') }), (text) => {
        for (const item of parsePerfdata(text)) expect(Number.isFinite(item.value)).toBe(true);
      }),
    );
  });
});

describe('perfdataMetrics', () => {
  it('names metrics after the label, with suffixes for the thresholds and bounds given', () => {
    const metrics = perfdataMetrics(parsePerfdata('/=2643MB;5948;5958;0;5968 time=0.1s'));
    expect(metrics).toEqual({
      '/': 2643 * MB,
      '/_warn': 5948 * MB,
      '/_crit': 5958 * MB,
      '/_min': 0,
      '/_max': 5968 * MB,
      time: 0.1,
    });
  });

  it('keeps the first of a repeated label', () => {
    expect(perfdataMetrics(parsePerfdata('x=1;5 x=2;9'))).toEqual({ x: 1, x_warn: 5 });
  });
});

describe('perfdataUnits', () => {
  it('names the base unit each figure was scaled to', () => {
    expect(perfdataUnits(parsePerfdata("/=2643MB;5948 time=12ms load=0.5 'used %'=40% hits=3c time=9s"))).toEqual({
      '/': 'bytes',
      time: 'seconds',
      load: '',
      'used %': 'percent',
      hits: 'count',
    });
  });
});
