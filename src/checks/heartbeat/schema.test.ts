import { describe, expect, it } from 'vitest';
import { heartbeatSettings } from './schema.js';

const problems = (input: unknown) => {
  const result = heartbeatSettings.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('heartbeat settings', () => {
  it('accepts a period with the default grace of 1h', () => {
    expect(heartbeatSettings.parse({ period: '1d' })).toEqual({ period: 86_400_000, tz: 'UTC', grace: 3_600_000 });
  });

  it('accepts a cron schedule in a time zone', () => {
    expect(problems({ schedule: '30 2 * * *', tz: 'Europe/Berlin', max_runtime: '30m', min_runtime: '5s' })).toEqual([]);
  });

  it('wants exactly one of period or schedule', () => {
    expect(problems({})).toEqual(['period: expected exactly one of period or schedule']);
    expect(problems({ period: '1h', schedule: '0 * * * *' })).toEqual(['period: expected exactly one of period or schedule']);
  });

  it('names an unknown time zone', () => {
    expect(problems({ schedule: '0 2 * * *', tz: 'Europe/Berlinn' })).toEqual([
      'tz: expected an IANA time zone such as Europe/Berlin or UTC, got "Europe/Berlinn"',
    ]);
  });

  it('explains a schedule that is not a cron expression', () => {
    expect(problems({ schedule: 'nightly' })[0]).toBe(
      'schedule: expected a 5-field cron expression (minute hour day month weekday) or 6 with seconds; got 1 field',
    );
  });

  it("takes a log budget from one ping's log (100kB) to 1GB", () => {
    expect(heartbeatSettings.parse({ period: '1d', log_budget: '500kB' }).log_budget).toBe(500_000);
    expect(problems({ period: '1d', log_budget: '10kB' })).toEqual(["log_budget: expected a size from 100kB (one ping's log) to 1GB"]);
    expect(problems({ period: '1d', log_budget: '2GB' })).toEqual(["log_budget: expected a size from 100kB (one ping's log) to 1GB"]);
  });

  it('wants min_runtime below max_runtime', () => {
    expect(problems({ period: '1d', min_runtime: '1h', max_runtime: '30m' })).toEqual(['min_runtime: expected min_runtime to be shorter than max_runtime']);
  });
});
