import { describe, expect, it } from 'vitest';
import { dayOf, instantOf, isTimeZone, offsetAt, parseClock, parseDay, wallOf, weekdayOf } from './zone.js';

const at = (iso: string) => Date.parse(iso);

describe('local wall time', () => {
  it('reads the offset of a zone at an instant', () => {
    expect(offsetAt('Europe/London', at('2026-07-01T12:00:00Z'))).toBe(3_600_000);
    expect(offsetAt('Europe/London', at('2026-01-01T12:00:00Z'))).toBe(0);
    expect(offsetAt('Asia/Kolkata', at('2026-01-01T12:00:00Z'))).toBe(19_800_000);
    expect(offsetAt('Pacific/Chatham', at('2026-01-01T12:00:00Z'))).toBe((13 * 60 + 45) * 60_000);
  });

  it('maps an ordinary wall time to its one instant', () => {
    expect(new Date(instantOf('America/New_York', dayOf(2026, 7, 1), 9 * 60)).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(wallOf('America/New_York', at('2026-07-01T13:00:00Z'))).toEqual({ day: dayOf(2026, 7, 1), ms: 9 * 3_600_000 });
  });

  it('moves a wall time the clocks skip to the instant they jump', () => {
    // London, 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 never happens.
    expect(new Date(instantOf('Europe/London', dayOf(2026, 3, 29), 90)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // Chatham jumps from 02:45 to 03:45 local on the last Sunday of September.
    expect(new Date(instantOf('Pacific/Chatham', dayOf(2026, 9, 27), 3 * 60)).toISOString()).toBe('2026-09-26T14:00:00.000Z');
  });

  it('takes the first of a wall time the clocks repeat', () => {
    // New York, 1 November 2026: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(new Date(instantOf('America/New_York', dayOf(2026, 11, 1), 90)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads dates, clock times and weekdays, refusing what is not one', () => {
    expect(parseDay('2026-02-29')).toBeUndefined();
    expect(parseDay('2028-02-29')).toBe(dayOf(2028, 2, 29));
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBeUndefined();
    expect(parseClock('24:00', true)).toBe(1440);
    expect(parseClock('9:30')).toBeUndefined();
    expect(weekdayOf(dayOf(2026, 12, 5))).toBe(6);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('Australia/Sydney')).toBe(true);
  });
});
