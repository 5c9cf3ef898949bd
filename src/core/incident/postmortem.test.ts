import { describe, expect, it } from 'vitest';
import { MIN, outage, T0 } from './fixtures.js';
import { DEFAULT_TEMPLATE, fillTemplate, postmortemMarkdown, postmortemValues, unknownPlaceholders, type PostmortemInput } from './postmortem.js';
import { buildTimeline, deriveTimes } from './timeline.js';
import type { ActionItem } from './types.js';

function input(over: Partial<PostmortemInput> = {}): PostmortemInput {
  const sources = outage();
  const item: ActionItem = {
    id: 'a1',
    incidentId: 'inc-1',
    title: 'Alert on pool saturation',
    owner: 'bob',
    dueAt: T0 + 3 * 86_400_000,
    state: 'open',
    link: 'https://tracker.example.org/7',
    createdAt: T0,
    updatedAt: T0,
  };
  return { sources, times: deriveTimes(sources), timeline: buildTimeline(sources), actionItems: [item], now: T0 + 10 * 86_400_000, ...over };
}

describe('post-mortem draft', () => {
  it('has the default sections in order, each filled from the record', () => {
    const text = postmortemMarkdown(DEFAULT_TEMPLATE, input());
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Summary',
      'Impact',
      'Root cause',
      'Trigger',
      'Detection',
      'Response',
      'Resolution and recovery',
      'What went well',
      'What went badly',
      'Where we got lucky',
      'Timeline (UTC)',
      'Action items',
    ]);
    expect(text).toContain(
      '# Post-mortem: Mirrors database unreachable\n\nSEV2 · 2026-11-03 02:00:00 to 2026-11-03 02:40:00 · commander: ana · participants: bob',
    );
    expect(text).toContain('- Duration: 40m (first failure to recovery)');
    expect(text).toContain('- db: not up for 40m, 0.093 points of 30-day uptime lost');
    expect(text).toContain('- web: not up for 29m, 0.067 points of 30-day uptime lost');
    expect(text).toContain(
      'tocsin detected it: the first failed check of db at 2026-11-03 02:00:00 (connect ETIMEDOUT); first page at 2026-11-03 02:02:00 to ops-mail, 2m after the first failure.',
    );
    expect(text).toContain('- Acknowledged by ana at 2026-11-03 02:07:00, 5m after the first page');
    expect(text).toContain('- 1 escalation page sent because nobody had acknowledged in time');
    expect(text).toContain('- Not delivered: phone (HTTP 500)');
    expect(text).toContain('Recovered at 2026-11-03 02:40:00, 40m after the first failure. Resolved at 2026-11-03 02:50:00.');
    expect(text).toContain('The connection pool was exhausted.');
    expect(text).toContain('_To be written: What set it off: a deploy, a renewal, a traffic spike, a provider._');
    expect(text).toContain('| 2026-11-03 02:12:00 | pool at 100/100 | bob |');
    expect(text).toContain('- [ ] Alert on pool saturation — bob, due 2026-11-06 (overdue) ([link](https://tracker.example.org/7))');
    expect(text).toContain('Links: [chat](https://chat.example.org/room/42)');
  });

  it('says an incident still going on is ongoing', () => {
    const sources = outage();
    const open = { ...sources, incident: { ...sources.incident, resolvedAt: null, state: 'identified' as const }, events: sources.events.slice(0, 3) };
    const values = postmortemValues(input({ sources: open, times: deriveTimes(open), timeline: buildTimeline(open), now: T0 + 60 * MIN }));
    expect(values.duration).toBe('ongoing (1h so far)');
    expect(values.recovered_at).toBe('ongoing');
    expect(values.time_to_recover).toBe('not recovered');
  });

  it('fills a team template and names placeholders it does not know', () => {
    expect(unknownPlaceholders('{{title}} {{ severity }} {{root_cuase}} {{nope}} {{nope}}')).toEqual(['root_cuase', 'nope']);
    const values = postmortemValues(input());
    expect(fillTemplate('{{ severity }}: {{title}} took {{time_to_recover}} ({{time_to_detect}} to detect)', values)).toBe(
      'SEV2: Mirrors database unreachable took 40m (2m to detect)',
    );
  });

  it('keeps what people typed as text: a pipe or bracket cannot break the table or make a link', () => {
    const sources = outage();
    const noted = { ...sources, events: [{ id: 'n', at: T0, kind: 'note' as const, by: 'eve', monitorId: null, text: 'a | b [x](javascript:1)' }] };
    const values = postmortemValues(input({ sources: noted, timeline: buildTimeline(noted) }));
    expect(values.timeline).toContain('| a \\| b \\[x\\](javascript:1) | eve |');
  });
});
