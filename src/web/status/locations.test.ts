import { describe, expect, it } from 'vitest';
import type { LocationView } from '../../core/locations/quorum.js';
import { componentLocations, locationsLine } from './locations.js';

const view = (location: string, status: LocationView['status'], message = 'connect to 10.0.0.7:443 timed out'): LocationView => ({
  location,
  status,
  message,
  stale: status === 'unknown',
});

describe('per-location status on the status page', () => {
  it('takes each location at its worst over the component monitors, worst first', () => {
    const list = componentLocations([[view('east', 'up'), view('west', 'down')], undefined, [view('east', 'degraded'), view('local', 'up')]]);
    expect(list).toEqual([
      { location: 'west', status: 'down' },
      { location: 'east', status: 'degraded' },
      { location: 'local', status: 'up' },
    ]);
  });

  it('is absent when no monitor of the component runs in several locations', () => {
    expect(componentLocations([undefined, undefined])).toBeUndefined();
  });

  it('says where in words, and never a check message', () => {
    const line = String(locationsLine(componentLocations([[view('west', 'down'), view('east', 'up'), view('local', 'up'), view('ap', 'unknown')]])!));
    expect(line).toBe(
      '<p class="where"><span class="ls-down">Down in west</span> · <span class="ls-unknown">No recent result in ap</span> · <span class="ls-up">Up in east, local</span></p>',
    );
    expect(line).not.toContain('10.0.0.7');
  });
});
