import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/load.js';
import type { PlanEntry, PlanKind } from './config-plan.js';
import { deletionLimit, judgeDeletions, type MaxDeletions } from './deletion-guard.js';

const removals = (kind: PlanKind, n: number): PlanEntry[] => Array.from({ length: n }, (_, i) => ({ kind, id: `${kind}-${i}`, action: 'remove' }));
const live = (counts: Partial<Record<PlanKind, number>>) => ({ monitor: 0, channel: 0, escalation: 0, status_page: 0, maintenance: 0, ...counts });
const all = new Set(['monitors', 'channels', 'escalations', 'status_pages', 'maintenance']);

describe('deletion guard', () => {
  it.each<[MaxDeletions, number, number]>([
    ['10%', 10, 3],
    ['10%', 100, 10],
    ['10%', 1000, 100],
    ['50%', 4, 3],
    [0, 100, 0],
    [7, 5, 7],
  ])('allows %j of %i objects to remove %i', (max, count, limit) => {
    expect(deletionLimit(max, count)).toBe(limit);
  });

  it('lets removals within the limit through, and refuses one more unless deletions are allowed', () => {
    const input = { live: live({ monitor: 100 }), file: { empty: false, sections: all }, maxDeletions: '10%' as const };
    expect(judgeDeletions({ ...input, entries: removals('monitor', 10), allowDeletions: false })).toEqual({ ok: true });
    expect(judgeDeletions({ ...input, entries: removals('monitor', 11), allowDeletions: false })).toMatchObject({ ok: false, overridable: true });
    expect(judgeDeletions({ ...input, entries: removals('monitor', 11), allowDeletions: true })).toEqual({ ok: true });
  });

  it('judges each kind against its own count', () => {
    const verdict = judgeDeletions({
      entries: [...removals('monitor', 3), ...removals('channel', 4)],
      live: live({ monitor: 1000, channel: 5 }),
      file: { empty: false, sections: all },
      allowDeletions: false,
      maxDeletions: '10%',
    });
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the plan removes 4 channels of 5 \(channel-0, channel-1, channel-2, channel-3\), over the limit of 3/),
    });
  });

  it('never lets an empty file or a lost section remove anything, even with --allow-deletions', () => {
    const base = { live: live({ channel: 2, escalation: 1 }), allowDeletions: true, maxDeletions: '10%' as const };
    expect(judgeDeletions({ ...base, entries: removals('channel', 1), file: { empty: true } })).toMatchObject({ ok: false, overridable: false });
    const lost = judgeDeletions({ ...base, entries: removals('escalation', 1), file: { empty: false, sections: new Set(['monitors', 'channels']) } });
    expect(lost).toMatchObject({ ok: false, overridable: false, reason: expect.stringContaining('no escalations: section') });
    expect(judgeDeletions({ ...base, entries: [], file: { empty: true } })).toEqual({ ok: true });
  });

  it('reads apply.max_deletions as a count or a percentage, and names the field when it is neither', () => {
    const read = (value: string) => loadConfigText(`apply:\n  max_deletions: ${value}\n`, 'tocsin.yaml', {});
    expect(read('5')).toMatchObject({ ok: true, config: { apply: { max_deletions: 5 } } });
    expect(read('"25%"')).toMatchObject({ ok: true, config: { apply: { max_deletions: '25%' } } });
    expect(read('lots')).toMatchObject({ ok: false, problems: [{ path: 'apply.max_deletions' }] });
  });
});
