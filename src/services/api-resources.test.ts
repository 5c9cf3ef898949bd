import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig, type Config } from '../schema/config.js';
import { mergeApiResources, type StoredApiResource } from './api-resources.js';

function config(input: Record<string, unknown>): Config {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return resolveConfig(parsed.value);
}

const base = config({
  channels: { ops: { type: 'slack', url: 'https://hooks.example.org/ops' } },
  monitors: [{ id: 'web', type: 'tcp', host: '127.0.0.1', port: 9 }],
  escalations: { oncall: [{ notify: ['ops'] }] },
  maintenance: [{ name: 'patch night', start: '2026-01-04T02:00:00Z', duration: '2h', monitors: ['web'] }],
});

const window = { name: 'db upgrade', start: '2026-02-01T03:00:00Z', duration: '1h', monitors: ['db'] };

describe('mergeApiResources', () => {
  it("adds valid API resources beside the config's", () => {
    const stored: StoredApiResource[] = [
      { kind: 'channel', id: 'pager', definition: { type: 'pagerduty', routing_key: 'K' } },
      { kind: 'escalation', id: 'night', definition: [{ notify: ['pager'] }, { after: '10m', notify: ['ops'] }] },
      { kind: 'maintenance', id: 'w1', definition: window },
    ];
    const merged = mergeApiResources(base, stored);
    expect(merged.channels.pager).toEqual({ type: 'pagerduty', routing_key: 'K' });
    expect(merged.escalations.night).toEqual([
      { after: 0, notify: ['pager'] },
      { after: 600_000, notify: ['ops'] },
    ]);
    expect(merged.maintenance.map((w) => w.name)).toEqual(['patch night', 'db upgrade']);
    expect(merged.maintenance[1]?.start).toBe(Date.parse('2026-02-01T03:00:00Z'));
    expect(base.channels.pager).toBeUndefined();
  });

  it('lets tocsin.yaml win when an id clashes', () => {
    const stored: StoredApiResource[] = [
      { kind: 'channel', id: 'ops', definition: { type: 'discord', url: 'https://discord.example.org/x' } },
      { kind: 'escalation', id: 'oncall', definition: [{ notify: ['ops'] }, { after: '1h', notify: ['ops'] }] },
      { kind: 'maintenance', id: 'patch night', definition: { ...window, name: 'patch night' } },
    ];
    const merged = mergeApiResources(base, stored);
    expect(merged).toEqual(base);
  });

  const skipped: [string, StoredApiResource, RegExp][] = [
    ['a command channel', { kind: 'channel', id: 'run', definition: { type: 'command', command: ['/bin/true'] } }, /only be defined in tocsin.yaml/],
    ['an invalid channel', { kind: 'channel', id: 'bad', definition: { type: 'slack', url: 'ftp://x' } }, /url/],
    ['a policy naming a missing channel', { kind: 'escalation', id: 'x', definition: [{ notify: ['gone'] }] }, /no channel "gone"/],
    ['a policy named fallback', { kind: 'escalation', id: 'fallback', definition: [{ notify: ['ops'] }] }, /^$/],
    ['an invalid window', { kind: 'maintenance', id: 'w', definition: { ...window, duration: 'soon' } }, /duration/],
    ['a page without a title', { kind: 'status_page', id: 'p', definition: { slug: 'p', components: [] } }, /title/],
    [
      'a page stored under another slug',
      { kind: 'status_page', id: 'p', definition: { slug: 'q', title: 'Q', components: [] } },
      /slug: expected "p", got "q"/,
    ],
  ];
  it.each(skipped)('skips %s and says why', (_, resource, reason) => {
    const problems: string[] = [];
    const merged = mergeApiResources(base, [resource], (_r, problem) => problems.push(problem));
    expect(merged).toEqual(base);
    if (reason.source === '^$') expect(problems).toEqual([]);
    else expect(problems[0]).toMatch(reason);
  });

  it("adds API status pages after the config's, and lets tocsin.yaml win a slug", () => {
    const withPage = { ...base, status_pages: [{ slug: 'public', title: 'Public', components: [] }] };
    const merged = mergeApiResources(withPage, [
      { kind: 'status_page', id: 'public', definition: { slug: 'public', title: 'Taken', components: [] } },
      { kind: 'status_page', id: 'customers', definition: { slug: 'customers', title: 'Customers', components: [{ name: 'Web', monitors: ['web'] }] } },
    ]);
    expect(merged.status_pages.map((p) => [p.slug, p.title])).toEqual([
      ['public', 'Public'],
      ['customers', 'Customers'],
    ]);
  });
});
