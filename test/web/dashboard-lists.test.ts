import { describe, expect, it } from 'vitest';
import { fromDraft, toDraft } from '../../web/src/draft.js';
import { applyStates, facets, search, sortMonitors, target } from '../../web/src/monitors.js';
import { latencyFigures, summarise } from '../../web/src/figures.js';
import type { Monitor } from '../../web/src/types.js';

const m = (id: string, status: string | null, extra: Partial<Monitor> = {}): Monitor => ({
  id,
  name: id,
  type: 'http',
  tags: [],
  depends_on: [],
  paused: false,
  source: 'api',
  read_only: false,
  interval: 60_000,
  timeout: 10_000,
  alert: { down_after: 2, up_after: 1, unknown: 'notify' },
  created_at: 0,
  updated_at: 0,
  quarantined: null,
  unreadable: null,
  state: status ? ({ status, since: 0 } as Monitor['state']) : null,
  settings: {},
  ...extra,
});

describe('the overview list', () => {
  it('puts the worst state first and the longest-standing problem first within it', () => {
    const list = [
      m('a', 'up'),
      m('b', 'down', { state: { status: 'down', since: 50 } }),
      m('c', null),
      m('d', 'degraded'),
      m('e', 'down', { state: { status: 'down', since: 10 } }),
      m('f', 'up', { paused: true }),
    ];
    expect(sortMonitors(list, 'status').map((x) => x.id)).toEqual(['e', 'b', 'd', 'c', 'a', 'f']);
  });

  it('finds monitors by every word of the search in id, name, target, tags or group', () => {
    const list = [
      m('web', 'up', { settings: { url: 'https://example.org/health' }, tags: ['prod'] }),
      m('db', 'up', { type: 'postgres', settings: { host: 'db1', port: 5432 }, group: 'data' }),
    ];
    expect(search(list, 'example prod').map((x) => x.id)).toEqual(['web']);
    expect(search(list, 'DATA 5432').map((x) => x.id)).toEqual(['db']);
    expect(search(list, '  ').length).toBe(2);
  });

  it('names where a monitor points', () => {
    expect(target(m('a', null, { settings: { url: 'http://x/' } }))).toBe('http://x/');
    expect(target(m('a', null, { settings: { host: 'h', port: 25 } }))).toBe('h:25');
    expect(target(m('a', null, { type: 'heartbeat' }))).toBe('push (heartbeat)');
  });

  it('lists tags, groups and types once each, sorted', () => {
    expect(facets([m('a', null, { tags: ['z', 'a'], group: 'g' }), m('b', null, { tags: ['a'], type: 'tcp' })])).toEqual({
      tags: ['a', 'z'],
      groups: ['g'],
      types: ['http', 'tcp'],
    });
  });

  it('applies a burst of live state changes to the monitors they name, the latest winning', () => {
    const list = [m('a', 'up'), m('b', 'up')];
    const next = applyStates(list, [
      { id: 'b', status: 'down', last_message: 'HTTP 503' },
      { id: 'b', last_message: 'HTTP 502' },
    ]);
    expect(next[1]?.state?.status).toBe('down');
    expect(next[1]?.state?.last_message).toBe('HTTP 502');
    expect(next[0]).toBe(list[0]);
    expect(applyStates(list, [{ id: 'zzz', status: 'down' }])).toBe(list);
  });
});

describe('the monitor form draft', () => {
  it('flattens settings, writes durations as text and reads the draft back as the body tocsin.yaml would hold', () => {
    const monitor = m('web', 'up', {
      interval: 30_000,
      timeout: 10_000,
      tags: ['prod', 'eu'],
      settings: { url: 'http://x/', verify_tls: true, expect: { max_latency: 2000, status: [200] } },
    });
    const kinds = {
      id: 'text',
      interval: 'text',
      timeout: 'text',
      tags: 'list',
      url: 'text',
      verify_tls: 'boolean',
      expect: 'json',
      paused: 'boolean',
    } as const;
    const draft = toDraft(monitor, kinds);
    expect(draft.interval).toBe('30s');
    expect(draft.tags).toBe('prod, eu');
    expect(draft.url).toBe('http://x/');
    expect(JSON.parse(String(draft.expect))).toEqual({ max_latency: '2s', status: [200] });
    expect(draft.state).toBeUndefined();
    const { body, problems } = fromDraft({ ...draft, interval: '' }, kinds);
    expect(problems).toEqual({});
    expect(body).toEqual({
      id: 'web',
      timeout: '10s',
      tags: ['prod', 'eu'],
      url: 'http://x/',
      verify_tls: true,
      expect: { max_latency: '2s', status: [200] },
      paused: false,
    });
  });

  it('names the field whose text cannot be read', () => {
    expect(fromDraft({ expect: '{oops', port: 'x' }, { expect: 'json', port: 'number' }).problems).toEqual({
      expect: expect.stringMatching(/^expected JSON/),
      port: 'expected a number, got "x"',
    });
  });
});

describe('row figures', () => {
  it('draws the sparkline oldest first and reads the latest TLS days left', () => {
    const r = (at: number, latency: number, tls?: number) => ({
      at,
      status: 'up' as const,
      latency_ms: latency,
      message: '',
      timings: {},
      metrics: tls === undefined ? null : { tls_days_left: tls },
      missed: false,
      detail_at: null,
    });
    const s = summarise([r(3, 30, 12), r(2, 20, 13), r(1, 10)]);
    expect(s.points.map((p) => p.latency)).toEqual([10, 20, 30]);
    expect(s.tlsDaysLeft).toBe(12);
  });
});

describe('latency figures', () => {
  const r = (latency: number, status: 'up' | 'down' = 'up') => ({
    at: latency,
    status,
    latency_ms: latency,
    message: '',
    timings: {},
    metrics: null,
    missed: false,
    detail_at: null,
  });

  it('averages the answered checks and takes the nearest-rank 95th percentile, leaving timeouts out', () => {
    const results = [...Array.from({ length: 19 }, () => r(100)), r(900), r(10_000, 'down')];
    expect(latencyFigures(results)).toEqual({ count: 20, average: 140, p95: 100 });
    expect(latencyFigures([r(5000, 'down')])).toEqual({ count: 0 });
  });
});
