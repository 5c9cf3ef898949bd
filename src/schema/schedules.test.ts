import { describe, expect, it } from 'vitest';
import { onCallAt } from '../core/oncall/rota.js';
import { parseConfig, resolveConfig } from './config.js';
import { rotaOf } from './schedules.js';

const channels = { 'alice-mail': { type: 'webhook', url: 'http://127.0.0.1:1/a' }, 'bob-sms': { type: 'webhook', url: 'http://127.0.0.1:1/b' } };
const people = { alice: { name: 'Alice Martin', channels: ['alice-mail'] }, bob: { channels: ['bob-sms'] } };
const schedule = { time_zone: 'Europe/London', layers: [{ name: 'week', rotation: 'weekly', start: '2026-01-05', members: ['alice', 'bob'] }] };

function problems(input: Record<string, unknown>): string[] {
  const parsed = parseConfig({ channels, people, ...input });
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('schedules in tocsin.yaml', () => {
  it('reads people, schedules and an escalation step that pages the one on call', () => {
    const parsed = parseConfig({ channels, people, schedules: { primary: schedule }, escalations: { default: [{ oncall: 'primary' }] } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const config = resolveConfig(parsed.value);
    expect(config.escalations.default).toEqual([{ after: 0, notify: [], oncall: 'primary' }]);
    const rota = rotaOf('primary', config.schedules!.primary!);
    expect(rota.layers[0]).toMatchObject({ handoff: 540, days: 7, members: ['alice', 'bob'] });
    expect(onCallAt(rota, Date.parse('2026-01-13T12:00:00Z'))?.person).toBe('bob');
  });

  it('names the field of an unknown member, person, channel or schedule', () => {
    expect(
      problems({
        people: { ...people, carol: { channels: ['carol-chat'] } },
        schedules: {
          primary: {
            ...schedule,
            layers: [{ ...schedule.layers[0], members: ['alice', 'bobb'] }],
            overrides: [{ person: 'dave', start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' }],
          },
        },
        escalations: { default: [{ oncall: 'primray' }] },
      }),
    ).toEqual([
      'people.carol.channels[0]: no channel has the id `carol-chat`',
      'schedules.primary.layers[0].members[1]: no person has the id `bobb`; did you mean `bob`?',
      'schedules.primary.overrides[0].person: no person has the id `dave`',
      'escalations.default[0].oncall: no schedule has the id `primray`; did you mean `primary`?',
    ]);
  });

  it('refuses a zone, a time, a date or a rotation it cannot read', () => {
    expect(
      problems({
        schedules: {
          primary: {
            ...schedule,
            time_zone: 'Europe/Londn',
            handoff: '9am',
            layers: [{ ...schedule.layers[0], start: '2026-02-30', rotation: 'fortnightly' }],
          },
        },
      }),
    ).toEqual([
      'schedules.primary.time_zone: expected an IANA time zone such as Europe/London, America/New_York or UTC',
      'schedules.primary.handoff: expected a local time HH:MM such as 09:00',
      'schedules.primary.layers[0].rotation: expected daily, weekly, or a whole number of days or weeks such as 3d or 2w (at most 52w)',
      'schedules.primary.layers[0].start: expected a date YYYY-MM-DD such as 2026-01-05',
    ]);
  });

  it('refuses overrides that end before they start, last a season, or claim the same hour', () => {
    const override = (start: string, end: string) => ({ person: 'bob', start, end });
    expect(
      problems({
        schedules: {
          primary: {
            ...schedule,
            overrides: [
              override('2026-12-24T18:00:00Z', '2026-12-27T09:00:00Z'),
              override('2026-12-26T00:00:00Z', '2026-12-28T00:00:00Z'),
              override('2026-12-30T00:00:00Z', '2026-12-29T00:00:00Z'),
              override('2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z'),
            ],
          },
        },
      }),
    ).toEqual([
      'schedules.primary.overrides[1].start: overlaps overrides[0] (2026-12-24T18:00:00.000Z to 2026-12-27T09:00:00.000Z): one hour has one person on call',
      'schedules.primary.overrides[2].end: expected end after start 2026-12-30T00:00:00.000Z, got 2026-12-29T00:00:00.000Z',
      'schedules.primary.overrides[3].end: expected an override of at most 92 days',
    ]);
  });

  it('still refuses a step that notifies nobody', () => {
    expect(problems({ escalations: { default: [{ after: '5m' }] } })).toEqual(['escalations.default[0].notify: expected at least 1 item, got 0']);
  });
});
