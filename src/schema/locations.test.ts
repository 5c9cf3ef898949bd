import { describe, expect, it } from 'vitest';
import { monitorSchema } from './monitor.js';

const base = { id: 'web', type: 'http', url: 'https://example.org/' };
const problem = (input: object) => {
  const parsed = monitorSchema.safeParse({ ...base, ...input });
  return parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
};

describe('locations and quorum on a monitor', () => {
  it('accepts locations with a quorum they can reach', () => {
    expect(problem({ locations: ['local', 'eu-west', 'us-east-2'], quorum: 2 })).toBeUndefined();
    expect(problem({ locations: ['eu-west'], quorum: 'all' })).toBeUndefined();
  });

  it.each([
    [{ locations: ['EU West'] }, 'locations.0'],
    [{ locations: ['x'.repeat(41)] }, 'locations.0'],
    [{ locations: ['eu-west', 'eu-west'] }, 'each location once'],
    [{ locations: [] }, 'locations'],
    [{ locations: Array.from({ length: 17 }, (_, i) => `l${i}`) }, 'locations'],
    [{ locations: ['local', 'eu-west'], quorum: 3 }, 'quorum: n needs at least n locations'],
    [{ quorum: 'most' }, 'quorum'],
    [{ type: 'exec', command: ['/usr/lib/nagios/plugins/check_dummy', '0'], url: undefined, locations: ['local', 'eu-west'] }, 'agents run no commands'],
  ])('refuses %j, naming %s', (input, named) => {
    expect(problem(input)).toContain(named);
  });
});
