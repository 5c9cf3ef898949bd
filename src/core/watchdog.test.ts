import { describe, expect, it } from 'vitest';
import { describeExit, judgeEngine, restartDelay, type EngineBeat, type WatchdogView } from './watchdog.js';

const beat: EngineBeat = {
  at: 99_500,
  checksCompleted: 40,
  lastResultAt: 99_000,
  scheduled: 5,
  resultEvery: 20_000,
  loopDelayMaxMs: 12,
  rssBytes: 120_000_000,
  outboxBacklog: 0,
};

const base: WatchdogView = {
  now: 100_000,
  spawnedAt: 0,
  readyAt: 2_000,
  lastBeatAt: 99_600,
  lastBeat: beat,
  lastProgressAt: 99_100,
  stallAfter: 15_000,
  maxRss: 512_000_000,
};

describe('judgeEngine', () => {
  it('leaves a beating, progressing engine alone', () => {
    expect(judgeEngine(base)).toEqual({ restart: false });
  });

  it.each([
    ['the heartbeat stopped', { lastBeatAt: 80_000 }, 'silent', 'event loop blocked for 20 s'],
    ['a beat reports a long block', { lastBeat: { ...beat, loopDelayMaxMs: 16_400 } }, 'blocked', 'event loop blocked for 16 s'],
    ['memory grew past max_rss', { lastBeat: { ...beat, rssBytes: 612_000_000 } }, 'memory', '612 MB resident, above watchdog.max_rss 512 MB'],
    [
      'memory grew past what its monitors explain, with no max_rss set',
      { maxRss: undefined, lastBeat: { ...beat, scheduled: 1_000, rssBytes: 900_000_000 } },
      'memory',
      '900 MB resident, above the memory limit 419 MB (384 MiB + 16 KiB for each of 1000 monitors; set watchdog.max_rss to choose one)',
    ],
    [
      'no check completed while checks are due',
      { lastProgressAt: 60_000 },
      'stalled',
      'no check completed for 40 s while 5 monitors are due at least every 20 s',
    ],
    ['nothing ever completed since ready', { lastProgressAt: undefined }, 'stalled', 'no check completed for 98 s'],
    ['the engine never beat at all', { lastBeatAt: undefined, lastBeat: undefined, readyAt: undefined }, 'silent', 'no heartbeat within 100 s of starting'],
  ])('restarts when %s, and says why', (_name, change, cause, reason) => {
    const verdict = judgeEngine({ ...base, ...change });
    expect(verdict.restart).toBe(true);
    if (!verdict.restart) return;
    expect(verdict.cause).toBe(cause);
    expect(verdict.reason).toContain(reason);
  });

  it.each([
    ['a short block below stall_after', { lastBeat: { ...beat, loopDelayMaxMs: 9_200 } }],
    ['a quiet spell shorter than interval plus stall_after', { lastProgressAt: 70_000 }],
    ['no polled monitors, so no results are due', { lastProgressAt: 1_000, lastBeat: { ...beat, scheduled: 0 } }],
    [
      'an engine still at 1,000 monitors just after a reload that configured 60,000, with no max_rss set',
      { maxRss: undefined, configuredMonitors: 60_000, lastBeat: { ...beat, scheduled: 1_000, rssBytes: 900_000_000 } },
    ],
    [
      'an engine holding 100,000 monitors in 1.5 GB, with no max_rss set',
      { maxRss: undefined, lastBeat: { ...beat, scheduled: 100_000, rssBytes: 1_500_000_000 } },
    ],
    ['a slow start within the startup grace', { now: 8_000, lastBeatAt: undefined, lastBeat: undefined, readyAt: undefined }],
    ['an engine still starting up, checks not yet expected', { readyAt: undefined, lastProgressAt: undefined }],
  ])('does not restart for %s', (_name, change) => {
    expect(judgeEngine({ ...base, ...change })).toEqual({ restart: false });
  });

  describe('on a machine too busy to give the engine a CPU', () => {
    const starved = (waited: Partial<NonNullable<WatchdogView['waited']>>) => ({ waited: { sinceBeat: 0, sinceProgress: 0, beforeBeat: 0, ...waited } });

    it.each([
      ['a silence spent mostly waiting for a CPU', { lastBeatAt: 60_000, ...starved({ sinceBeat: 30_000 }) }],
      [
        'a start spent mostly waiting for a CPU',
        { now: 40_000, lastBeatAt: undefined, lastBeat: undefined, readyAt: undefined, ...starved({ sinceBeat: 35_000 }) },
      ],
      ['a long loop delay spent mostly waiting for a CPU', { lastBeat: { ...beat, loopDelayMaxMs: 16_400 }, ...starved({ beforeBeat: 10_000 }) }],
      ['checks completing slowly because the engine waits for a CPU', { lastProgressAt: 60_000, ...starved({ sinceProgress: 20_000 }) }],
    ])('does not restart for %s', (_name, change) => {
      expect(judgeEngine({ ...base, ...change })).toEqual({ restart: false });
    });

    it('restarts when the engine ran longer than stall_after without a beat, and says how much of the silence was waiting', () => {
      const verdict = judgeEngine({ ...base, lastBeatAt: 60_000, ...starved({ sinceBeat: 20_000 }) });
      expect(verdict).toEqual({
        restart: true,
        cause: 'silent',
        reason: 'event loop blocked for 40 s, 20 s of it running (20 s waiting for a CPU; no heartbeat; watchdog.stall_after is 15 s)',
      });
    });

    it('restarts a silence past four times stall_after however much of it was waiting', () => {
      const verdict = judgeEngine({ ...base, lastBeatAt: 30_000, ...starved({ sinceBeat: 69_000 }) });
      expect(verdict).toEqual({
        restart: true,
        cause: 'silent',
        reason:
          'event loop blocked for 70 s, 1.0 s of it running (69 s waiting for a CPU; no heartbeat; watchdog.stall_after is 15 s, and no silence may pass 60 s)',
      });
    });
  });

  it('prefers the silence over older figures when both apply', () => {
    const verdict = judgeEngine({ ...base, lastBeatAt: 50_000, lastBeat: { ...beat, rssBytes: 9e9 } });
    expect(verdict.restart && verdict.cause).toBe('silent');
  });

  it('counts the stall from readiness, not from an earlier child', () => {
    expect(judgeEngine({ ...base, readyAt: 90_000, lastProgressAt: 10_000 })).toEqual({ restart: false });
  });
});

describe('describeExit', () => {
  it.each([
    [1, null, 'the engine exited with code 1'],
    [null, 'SIGKILL', 'the engine was killed by SIGKILL'],
    [null, null, 'the engine exited with code unknown'],
  ])('words code %s signal %s', (code, signal, text) => {
    expect(describeExit(code, signal)).toBe(text);
  });
});

describe('restartDelay', () => {
  it.each([
    [1, 0],
    [2, 500],
    [3, 1_000],
    [5, 4_000],
    [20, 30_000],
  ])('waits after restart %i in a row %i ms', (inARow, delay) => {
    expect(restartDelay(inARow)).toBe(delay);
  });
});
