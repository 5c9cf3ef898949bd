/**
 * The iCal feed of a schedule and its token. A calendar app cannot sign in, so each schedule's feed
 * URL carries a token: an HMAC of the schedule id under a secret kept in the store (made on first
 * use), so tokens need no table and one leaked feed reveals no other schedule's.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { calendarOf } from '../core/oncall/ical.js';
import type { Config } from '../schema/config.js';
import { getMeta, setMeta } from '../store/meta.js';
import type { Db } from '../store/schema.js';
import { shiftsOf } from './oncall.js';

const SECRET_KEY = 'oncall_calendar_secret';
const DAY = 86_400_000;
/** What a feed holds: the past month (for "who had it last week?") and the next three. */
export const FEED_PAST = 31 * DAY;
export const FEED_AHEAD = 92 * DAY;

async function secretOf(db: Db): Promise<string> {
  const existing = await getMeta(db, SECRET_KEY);
  if (existing) return existing;
  await setMeta(db, SECRET_KEY, randomBytes(32).toString('base64url'));
  // Read back: two instances racing on first use both end up with the one that was stored last.
  return (await getMeta(db, SECRET_KEY)) ?? '';
}

export async function calendarToken(db: Db, schedule: string): Promise<string> {
  return createHmac('sha256', await secretOf(db))
    .update(`calendar:${schedule}`)
    .digest('base64url')
    .slice(0, 32);
}

export async function calendarTokenMatches(db: Db, schedule: string, token: string): Promise<boolean> {
  const expected = Buffer.from(await calendarToken(db, schedule));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function scheduleCalendar(config: Pick<Config, 'people' | 'schedules' | 'oncallOverrides'>, schedule: string, host: string, now: number): string {
  const shifts = shiftsOf(config, schedule, now - FEED_PAST, now + FEED_AHEAD);
  return calendarOf({ schedule, title: config.schedules?.[schedule]?.name ?? schedule, host, shifts, now });
}
