/**
 * An escalation step's `oncall: <schedule>` becomes the channel word `oncall:<schedule>` in the
 * alert policy (a channel id cannot hold a colon, so the two never mix). When a notification is made
 * that word is resolved at that instant to the person on call and their own channels; when nobody
 * covers the hour (a gap in the rota, a schedule removed) the fallback channels hear it instead, so
 * a page is never dropped for want of a rota.
 */
import type { Notification } from '../channels/types.js';
import { shiftsBetween } from '../core/oncall/rota.js';
import type { Override } from '../core/oncall/types.js';
import type { Config } from '../schema/config.js';
import { rotaOf } from '../schema/schedules.js';

const PREFIX = 'oncall:';

export function oncallChannel(schedule: string): string {
  return `${PREFIX}${schedule}`;
}

export interface Routed {
  channel: string;
  onCall?: NonNullable<Notification['on_call']>;
}

/** Who a channel word reaches at `now`: itself, or the on-call person's channels (the fallback when nobody is on call). */
export function routeChannel(channel: string, config: Pick<Config, 'people' | 'schedules' | 'fallback' | 'oncallOverrides'>, now: number): Routed[] {
  if (!channel.startsWith(PREFIX)) return [{ channel }];
  const schedule = channel.slice(PREFIX.length);
  const definition = config.schedules?.[schedule];
  // Only the instant itself is laid out: this runs for every page of an alert storm.
  const shift = definition ? shiftsBetween(rotaOf(schedule, definition, apiOverrides(config, schedule)), now, now + 1)[0] : undefined;
  const person = shift ? config.people?.[shift.person] : undefined;
  if (!shift || !person) {
    const onCall = { schedule, person: null, name: 'nobody' };
    return config.fallback.map((fallback) => ({ channel: fallback, onCall }));
  }
  const onCall = { schedule, person: shift.person, name: person.name ?? shift.person };
  return person.channels.map((own) => ({ channel: own, onCall }));
}

/** The words a person reads: who was paged, and why them. */
export function onCallNote(onCall: Routed['onCall']): string {
  if (!onCall) return '';
  return onCall.person === null
    ? ` (nobody is on call in ${onCall.schedule}: sent to the fallback channels)`
    : ` (paging ${onCall.name}, on call in ${onCall.schedule})`;
}

/** The API's overrides of one schedule, as the rotation math takes them. */
export function apiOverrides(config: Pick<Config, 'oncallOverrides'>, schedule: string): Override[] {
  return (config.oncallOverrides ?? []).filter((o) => o.schedule === schedule);
}
