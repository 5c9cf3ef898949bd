/** The on-call model the rotation math works on: schedules already read from the config, times in epoch ms. */

/** Local hours in which a layer covers: on these weekdays, from `from` to `to` (minutes since midnight). */
export interface ActiveHours {
  /** 0 = Sunday … 6 = Saturday: the day each window starts on. */
  days: number[];
  from: number;
  /** 1..1440; at or before `from` means the window runs past midnight into the next day. */
  to: number;
}

export interface Layer {
  name: string;
  /** Person ids, in the order they take shifts. */
  members: string[];
  /** Local date (day number) the first shift starts on, at `handoff`. Before it the layer covers nothing. */
  start: number;
  /** Minutes past local midnight. */
  handoff: number;
  /** Whole days per shift: 1 daily, 7 weekly, anything else custom. */
  days: number;
  /** When set, the layer covers only these hours (a weekend or night layer over a base layer). */
  active?: ActiveHours[];
}

export interface Override {
  start: number;
  end: number;
  person: string;
  /** Where it came from: `file` or the id of an API override. */
  id?: string;
  reason?: string;
}

export interface Rota {
  name: string;
  timeZone: string;
  /** Later layers win over earlier ones for the hours they cover. */
  layers: Layer[];
  /** Win over every layer. */
  overrides: Override[];
}

/** A stretch of time one person is on call. */
export interface Shift {
  start: number;
  end: number;
  person: string;
  /** The layer's name, or `override`. */
  source: string;
  reason?: string;
}
