/**
 * An on-call schedule as an iCalendar feed (RFC 5545) for people's calendars: one VEVENT per shift,
 * times in UTC (the calendar shows them in the reader's zone), text escaped (§3.3.11) and lines
 * folded at 75 octets (§3.1) without splitting a UTF-8 character. Pure: `now` stamps the events.
 */

export interface CalendarShift {
  start: number;
  end: number;
  person: string;
  name: string;
  source: string;
  reason?: string;
}

export interface CalendarInput {
  schedule: string;
  title: string;
  /** Names the producer in UIDs: events keep their identity across fetches. */
  host: string;
  shifts: readonly CalendarShift[];
  now: number;
}

export function calendarOf(input: CalendarInput): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//tocsin//on-call schedules//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`On call: ${input.title}`)}`,
    ...input.shifts.flatMap((shift) => event(input, shift)),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

function event(input: CalendarInput, shift: CalendarShift): string[] {
  const why = shift.source === 'override' ? `override${shift.reason ? `: ${shift.reason}` : ''}` : `layer ${shift.source}`;
  return [
    'BEGIN:VEVENT',
    // Start and person identify a shift: a changed rota makes new events rather than moving old ones under a reader's feet.
    `UID:${escapeText(`${input.schedule}-${utc(shift.start)}-${shift.person}@${input.host}`)}`,
    `DTSTAMP:${utc(input.now)}`,
    `DTSTART:${utc(shift.start)}`,
    `DTEND:${utc(shift.end)}`,
    `SUMMARY:${escapeText(`On call: ${shift.name} (${input.title})`)}`,
    `DESCRIPTION:${escapeText(`${shift.name} is on call in ${input.title} (${why}).`)}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** 20261224T180000Z */
export function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT values: backslash, semicolon, comma and newlines are escaped; other control characters dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, '');
}

/** Splits a content line into lines of at most 75 octets, each continuation starting with one space. */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; a continuation's leading space is one of its 75.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
