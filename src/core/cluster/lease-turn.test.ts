import { describe, expect, it } from 'vitest';
import { assignDuties, fairShare, planLeaseTurn } from './lease-turn.js';

describe('lease turn', () => {
  it('shares monitors evenly, rounding up so every monitor has a place', () => {
    expect(fairShare(100, 3)).toBe(34);
    expect(fairShare(100, 0)).toBe(100);
    expect(fairShare(0, 3)).toBe(0);
  });

  it('hands back removed monitors and what is over the share, and claims up to the share', () => {
    const monitors = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const plan = planLeaseTurn({ holder: 'a', monitors, held: [...monitors, 'gone'], liveInstances: 2 });
    expect(plan.release[0]).toBe('gone');
    expect(plan.release).toHaveLength(6);
    expect(plan.claimLimit).toBe(0);
    const fresh = planLeaseTurn({ holder: 'b', monitors, held: [], liveInstances: 2 });
    expect(fresh).toMatchObject({ release: [], claimLimit: 5 });
    expect([...fresh.claimOrder].sort()).toEqual(monitors);
  });

  it('orders claims differently per instance, so instances starting together rarely collide', () => {
    const monitors = Array.from({ length: 50 }, (_, i) => `m${i}`);
    const a = planLeaseTurn({ holder: 'a', monitors, held: [], liveInstances: 2 }).claimOrder.slice(0, 25);
    const b = planLeaseTurn({ holder: 'b', monitors, held: [], liveInstances: 2 }).claimOrder.slice(0, 25);
    expect(a.filter((id) => b.includes(id)).length).toBeLessThan(20);
    expect(planLeaseTurn({ holder: 'a', monitors, held: [], liveInstances: 2 }).claimOrder.slice(0, 25)).toEqual(a);
  });
});

describe('duties', () => {
  const duties = ['housekeeping', 'backups'];

  it('gives each duty to a different live instance while there are enough, the same answer everywhere', () => {
    const owners = assignDuties(duties, ['a', 'b', 'c']);
    expect(new Set(owners.values()).size).toBe(2);
    expect(assignDuties(duties, ['c', 'a', 'b'])).toEqual(owners);
  });

  it('gives every duty to a lone instance, and moves a duty only when its owner leaves or a newcomer ranks it best', () => {
    expect([...assignDuties(duties, ['a']).values()]).toEqual(['a', 'a']);
    const three = assignDuties(duties, ['a', 'b', 'c']);
    const gone = [...three.values()][0]!;
    const two = assignDuties(
      duties,
      ['a', 'b', 'c'].filter((n) => n !== gone),
    );
    expect([...two.values()]).not.toContain(gone);
  });
});
