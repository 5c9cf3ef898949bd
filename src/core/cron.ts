/**
 * The one reading of every cron schedule tocsin takes (maintenance windows, heartbeat schedules).
 * The schemas refuse what `parseSchedule` refuses and the evaluators get their `Cron` from it, with
 * the same croner options, so a schedule that validates also evaluates.
 *
 * Accepted:
 * - 5 fields (minute hour day month weekday), or 6 with seconds first;
 * - numbers, `*`, lists `1,15`, ranges `1-5`, steps `*\/15` and `0-30/10`;
 * - month names JAN–DEC and day names SUN–SAT in any case; Sunday is 0 or 7;
 * - croner's day extensions: `L` (last day of the month; `5L` the last Friday), `15W` (the weekday
 *   nearest the 15th), `5#2` (the second Friday);
 * - @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.
 * A day of the month and a day of the week both given match either, as in Vixie cron.
 *
 * Refused, each with the reason in the message:
 * - 7 fields (Quartz's year) and `?`: Quartz numbers weekdays 1–7 from Sunday, so a copied Quartz
 *   expression would run on the wrong day without a word;
 * - croner's `+` (AND of day and weekday), which no other cron reads the same way;
 * - @reboot, a date instead of a pattern, and a pattern that never occurs (30 February).
 */
import { Cron } from 'croner';
import { isKnownTimeZone } from './heartbeat/time.js';

export type ParsedSchedule = { ok: true; cron: Cron } | { ok: false; problem: string };

const EXPECTED = 'expected a 5-field cron expression (minute hour day month weekday) or 6 with seconds';
const NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const FIELD = /^[0-9A-Za-z*,/#-]+$/;
const MAX_LENGTH = 200;
/** A fixed reference for the trial runs, so validation needs no clock and answers the same every time. */
const TRIAL_AT = new Date(Date.UTC(2000, 0, 1));

const memo = new Map<string, ParsedSchedule>();

/** The schedule read in the IANA zone `tz`, or why it cannot be used. Memoised: evaluators call it every second. */
export function parseSchedule(expression: string, tz: string): ParsedSchedule {
  const key = `${tz}\u0000${expression}`;
  let parsed = memo.get(key);
  if (!parsed) {
    parsed = parse(expression, tz);
    // Inputs come from people: the memo must not grow with them.
    if (memo.size >= 10_000) memo.clear();
    memo.set(key, parsed);
  }
  return parsed;
}

/** Why a schedule cannot be used, or undefined when it can. For the schemas. */
export function scheduleProblem(expression: string, tz: string): string | undefined {
  const parsed = parseSchedule(expression, tz);
  return parsed.ok ? undefined : parsed.problem;
}

/** The parsed schedule, for evaluation. Throws with the problem when it cannot be used. */
export function cronOf(expression: string, tz: string): Cron {
  const parsed = parseSchedule(expression, tz);
  if (!parsed.ok) throw new Error(`schedule "${expression}": ${parsed.problem}`);
  return parsed.cron;
}

function parse(expression: string, tz: string): ParsedSchedule {
  const problem = shapeProblem(expression.trim());
  if (problem) return { ok: false, problem };
  if (!isKnownTimeZone(tz)) return { ok: false, problem: `expected an IANA time zone such as UTC or Europe/Paris, got "${tz}"` };
  let cron: Cron;
  try {
    // No callback: croner only computes dates and starts no timer.
    cron = new Cron(expression, { timezone: tz, mode: '5-or-6-parts', domAndDow: false });
  } catch (error) {
    return { ok: false, problem: `${EXPECTED}; ${lowerFirst(reason(error))}` };
  }
  try {
    // The evaluators call both; whatever either would throw is found here, not at 3 a.m.
    const next = cron.nextRun(TRIAL_AT);
    cron.previousRuns(1, TRIAL_AT);
    if (next === null) return { ok: false, problem: `expected a schedule that occurs; "${expression}" never does` };
  } catch (error) {
    return { ok: false, problem: reason(error) };
  }
  return { ok: true, cron };
}

/** What croner would accept but tocsin does not, or would misread as something else. */
function shapeProblem(text: string): string | undefined {
  if (text.length === 0) return `${EXPECTED}; got an empty string`;
  if (text.length > MAX_LENGTH) return `${EXPECTED}; got ${text.length} characters, more than ${MAX_LENGTH}`;
  if (text.startsWith('@')) {
    return NICKNAMES.includes(text.toLowerCase()) ? undefined : `${EXPECTED}, or one of ${NICKNAMES.join(', ')}; got ${text}`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return `${EXPECTED}; got ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}`;
  const odd = fields.findIndex((field) => !FIELD.test(field));
  if (odd === -1) return undefined;
  const field = fields[odd]!;
  if (field.includes('?')) return `${EXPECTED}; got "?" in field ${odd + 1}: write * (Quartz's ? comes with weekdays numbered from 1, cron's from 0)`;
  return `${EXPECTED}; field ${odd + 1} ("${field}") may hold only digits, names, * , / - # L W`;
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '');
}

/** croner says "Invalid value for hour: 25"; after a semicolon it reads as the rest of one sentence. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
