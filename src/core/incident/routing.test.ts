import { describe, expect, it } from 'vitest';
import { dependencyRoots, routeAlert, ruleFor, type IncidentRule, type OpenIncidentView } from './routing.js';

const MIN = 60_000;
const everything: IncidentRule = { monitors: [], tags: [], open_on: ['down'], severity: 2, join_window: 10 * MIN };
const web = { id: 'web', tags: ['public'] };

function incident(over: Partial<OpenIncidentView> = {}): OpenIncidentView {
  return { id: 'i1', monitors: ['db'], tags: [], roots: ['db'], lastAlertAt: 0, ...over };
}

describe('incident routing', () => {
  it('opens an incident at the severity of the first rule that covers the monitor', () => {
    const rules: IncidentRule[] = [{ ...everything, tags: ['public'], severity: 1 }, everything];
    expect(routeAlert({ monitor: web, status: 'down', roots: ['web'], at: 0 }, [], rules)).toEqual({ kind: 'open', severity: 1 });
    expect(ruleFor({ id: 'other', tags: [] }, rules)?.severity).toBe(2);
  });

  it('does nothing for a status the rule does not open on, or a monitor no rule covers', () => {
    expect(routeAlert({ monitor: web, status: 'degraded', roots: ['web'], at: 0 }, [], [everything])).toEqual({ kind: 'none' });
    expect(routeAlert({ monitor: web, status: 'down', roots: ['web'], at: 0 }, [], [{ ...everything, monitors: ['db'] }])).toEqual({ kind: 'none' });
  });

  it('joins an alert sharing a dependency root within the window, and opens a new one after it', () => {
    const open = [incident({ lastAlertAt: 0 })];
    expect(routeAlert({ monitor: web, status: 'down', roots: ['db'], at: 10 * MIN }, open, [everything])).toEqual({ kind: 'join', id: 'i1' });
    expect(routeAlert({ monitor: web, status: 'down', roots: ['db'], at: 10 * MIN + 1 }, open, [everything])).toEqual({ kind: 'open', severity: 2 });
  });

  it('joins an alert sharing a tag, and keeps unrelated alerts apart', () => {
    const open = [incident({ tags: ['public'] })];
    expect(routeAlert({ monitor: web, status: 'down', roots: ['web'], at: MIN }, open, [everything])).toEqual({ kind: 'join', id: 'i1' });
    expect(routeAlert({ monitor: { id: 'x', tags: [] }, status: 'down', roots: ['x'], at: MIN }, open, [everything])).toEqual({ kind: 'open', severity: 2 });
  });

  it('returns a monitor already in an open incident to it, however late', () => {
    const open = [incident({ monitors: ['web'], lastAlertAt: 0 })];
    expect(routeAlert({ monitor: web, status: 'down', roots: ['web'], at: 999 * MIN }, open, [everything])).toEqual({ kind: 'join', id: 'i1' });
  });

  it('finds the roots at the top of depends_on chains and survives a cycle', () => {
    expect(dependencyRoots('app', { app: ['web', 'cache'], web: ['db'] })).toEqual(['cache', 'db']);
    expect(dependencyRoots('db', {})).toEqual(['db']);
    expect(dependencyRoots('a', { a: ['b'], b: ['a'] })).toEqual([]);
  });
});
