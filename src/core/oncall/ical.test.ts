import { describe, expect, it } from 'vitest';
import { calendarOf, escapeText, fold } from './ical.js';

const at = (iso: string) => Date.parse(iso);

/** The format, checked without a parser: CRLF lines of ≤ 75 octets, continuations, balanced blocks, UTC times. */
function checkFormat(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(line).not.toMatch(/[\r\n]/);
  }
  // Unfold: a line starting with a space continues the previous one.
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ')) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  for (const line of logical) expect(line).toMatch(/^[A-Z][A-Z0-9-]*(;[^:]*)?:/);
  const stack: string[] = [];
  for (const line of logical) {
    if (line.startsWith('BEGIN:')) stack.push(line.slice(6));
    if (line.startsWith('END:')) expect(stack.pop()).toBe(line.slice(4));
  }
  expect(stack).toEqual([]);
  for (const line of logical.filter((l) => /^(DTSTART|DTEND|DTSTAMP):/.test(l))) expect(line).toMatch(/:\d{8}T\d{6}Z$/);
  return logical;
}

describe('the on-call calendar feed', () => {
  it('writes one event per shift, in UTC, that a calendar can read', () => {
    const text = calendarOf({
      schedule: 'primary',
      title: 'Primary, nights; "ops"',
      host: 'tocsin.example.org',
      now: at('2026-12-05T01:00:00Z'),
      shifts: [
        { start: at('2026-12-01T09:00:00Z'), end: at('2026-12-08T09:00:00Z'), person: 'alice', name: 'Alice Martin', source: 'weekly' },
        {
          start: at('2026-12-24T18:00:00Z'),
          end: at('2026-12-27T09:00:00Z'),
          person: 'bob',
          name: 'Bob Okafor',
          source: 'override',
          reason: 'Alice away; back on the 27th\nsee wiki, ask Zoë \\ Åsa for the long version of this holiday swap',
        },
      ],
    });
    const lines = checkFormat(text);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('DTSTART:20261224T180000Z');
    expect(lines).toContain('DTEND:20261227T090000Z');
    expect(lines).toContain('SUMMARY:On call: Bob Okafor (Primary\\, nights\\; "ops")');
    expect(lines.find((l) => l.startsWith('DESCRIPTION:') && l.includes('Bob'))).toBe(
      'DESCRIPTION:Bob Okafor is on call in Primary\\, nights\\; "ops" (override: Alice away\\; back on the 27th\\nsee wiki\\, ask Zoë \\\\ Åsa for the long version of this holiday swap).',
    );
    expect(lines).toContain('UID:primary-20261201T090000Z-alice@tocsin.example.org');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const long = `SUMMARY:${'é'.repeat(80)}`;
    const folded = fold(long);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((l, i) => (i === 0 ? l : l.slice(1)))
        .join(''),
    ).toBe(long);
    expect(fold('SHORT:x')).toBe('SHORT:x');
  });

  it('escapes the characters TEXT reserves', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
});
