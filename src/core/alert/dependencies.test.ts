import { describe, expect, it } from 'vitest';
import type { Status } from '../types.js';
import { affectedDependants, blockingUpstreams } from './dependencies.js';

/** wiki → mirrors-db → db-network, as in the Jenkins mirrorbrain outage; ci depends on dns too. */
const dependsOn: Record<string, string[]> = {
  'mirrors-db': ['db-network'],
  wiki: ['mirrors-db'],
  ci: ['db-network', 'dns'],
  docs: [],
};

const statesOf = (entries: Record<string, Status>) => Object.fromEntries(Object.entries(entries).map(([id, status]) => [id, { status }]));

describe('affectedDependants', () => {
  const cases: { name: string; id: string; states: Record<string, Status>; expected: string[] }[] = [
    {
      name: 'lists failing dependants, direct and through other failing ones',
      id: 'db-network',
      states: { 'db-network': 'down', 'mirrors-db': 'down', wiki: 'degraded', ci: 'down' },
      expected: ['ci', 'mirrors-db', 'wiki'],
    },
    {
      name: 'leaves out dependants that are up',
      id: 'db-network',
      states: { 'db-network': 'down', 'mirrors-db': 'down', wiki: 'up', ci: 'up' },
      expected: ['mirrors-db'],
    },
    {
      name: 'stops at a dependant that is up',
      id: 'db-network',
      states: { 'db-network': 'down', 'mirrors-db': 'up', wiki: 'down' },
      expected: [],
    },
    { name: 'leaves out dependants with no state yet', id: 'db-network', states: { 'db-network': 'down' }, expected: [] },
    { name: 'returns nothing for a monitor nobody depends on', id: 'docs', states: { docs: 'down', wiki: 'down' }, expected: [] },
  ];

  it.each(cases)('$name', ({ id, states, expected }) => {
    expect(affectedDependants(id, dependsOn, statesOf(states))).toEqual(expected);
  });

  it('terminates on a dependency cycle and never lists the monitor itself', () => {
    const cycle = { a: ['b'], b: ['a'] };
    expect(affectedDependants('a', cycle, statesOf({ a: 'down', b: 'down' }))).toEqual(['b']);
  });
});

describe('blockingUpstreams', () => {
  const cases: { name: string; id: string; states: Record<string, Status>; expected: string[] }[] = [
    { name: 'lists upstreams that are down', id: 'ci', states: { 'db-network': 'down', dns: 'down' }, expected: ['db-network', 'dns'] },
    { name: 'does not count a degraded upstream as blocking', id: 'ci', states: { 'db-network': 'degraded', dns: 'up' }, expected: [] },
    { name: 'only looks at direct upstreams', id: 'wiki', states: { 'db-network': 'down', 'mirrors-db': 'up' }, expected: [] },
    { name: 'returns nothing for a monitor without depends_on', id: 'db-network', states: {}, expected: [] },
  ];

  it.each(cases)('$name', ({ id, states, expected }) => {
    expect(blockingUpstreams(id, dependsOn, statesOf(states))).toEqual(expected);
  });
});
