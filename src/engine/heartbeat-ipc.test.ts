import { afterEach, describe, expect, it } from 'vitest';
import { isEngineMessage, runningReportOf, runningReporter, startHeartbeat, type EngineMessage, type Heartbeat } from './heartbeat-ipc.js';
import { VirtualTimers } from './virtual-timers.js';

let heartbeat: Heartbeat | undefined;
afterEach(() => heartbeat?.stop());

/** Beats every `every` ms of a virtual clock that starts at 0. */
function collect(every: number): { timers: VirtualTimers; messages: EngineMessage[] } {
  const timers = new VirtualTimers(0);
  const messages: EngineMessage[] = [];
  heartbeat = startHeartbeat((m) => messages.push(m), { every, timers, monotonic: () => timers.now() });
  return { timers, messages };
}

const beats = (messages: EngineMessage[]) => messages.flatMap((m) => (m.type === 'beat' ? [m.beat] : []));

describe('startHeartbeat', () => {
  it('beats exactly once per interval: zeros while starting, then the engine figures with memory', async () => {
    const { timers, messages } = collect(1000);
    await timers.advance(999);
    expect(messages).toEqual([]);
    await timers.advance(1);
    heartbeat!.setProgress(() => ({ checksCompleted: 7, lastResultAt: 123, scheduled: 2, resultEvery: 5000, outboxBacklog: 1 }));
    await timers.advance(2000);
    expect(beats(messages).map((b) => b.at)).toEqual([1000, 2000, 3000]);
    const [first, , last] = beats(messages);
    expect(first).toMatchObject({ checksCompleted: 0, scheduled: 0 });
    expect(last).toMatchObject({ checksCompleted: 7, lastResultAt: 123, scheduled: 2, outboxBacklog: 1 });
    expect(last!.rssBytes).toBeGreaterThan(1_000_000);
    heartbeat!.stop();
    expect(timers.size).toBe(0);
    await timers.advance(10_000);
    expect(messages).toHaveLength(3);
  });

  it('reports a beat that came late by how late it was', async () => {
    const { timers, messages } = collect(1000);
    await timers.advance(1000);
    // The clock moves 2.5 s with nothing run, as it does for a process whose loop is held.
    timers.set(4500);
    await timers.advance(0);
    expect(beats(messages).map((b) => b.at)).toEqual([1000, 4500]);
    expect(beats(messages)[1]!.loopDelayMaxMs).toBeGreaterThanOrEqual(2500);
    await timers.advance(1000);
    expect(beats(messages).map((b) => b.at)).toEqual([1000, 4500, 5500]);
  });

  it('reports a blocked event loop in the next beat, from the loop-delay histogram', async () => {
    const timers = new VirtualTimers(0);
    const messages: EngineMessage[] = [];
    // The histogram as Node's would read after the loop was held 600 ms (in ns); the virtual clock stands still meanwhile.
    const loopDelay = {
      max: 0,
      reset() {
        this.max = 0;
      },
    };
    heartbeat = startHeartbeat((m) => messages.push(m), { every: 1000, timers, monotonic: () => timers.now(), loopDelay });
    await timers.advance(1000);
    loopDelay.max = 600e6;
    await timers.advance(1000);
    await timers.advance(1000);
    expect(beats(messages).map((b) => [b.at, b.loopDelayMaxMs])).toEqual([
      [1000, 0],
      [2000, 600],
      [3000, 0],
    ]);
  });
});

describe('runningReporter', () => {
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('sends the checks that started and settled once per turn of the event loop', async () => {
    const sent: EngineMessage[] = [];
    const running = runningReporter((m) => sent.push(m));
    running.started('slow');
    running.started('web');
    expect(sent).toEqual([]);
    await turn();
    running.ended('web');
    running.started('db');
    await turn();
    expect(sent).toEqual([
      { type: 'running', started: ['slow', 'web'], ended: [] },
      { type: 'running', started: ['db'], ended: ['web'] },
    ]);
  });

  it('says nothing of a check that started and settled within one turn', async () => {
    const sent: EngineMessage[] = [];
    const running = runningReporter((m) => sent.push(m));
    running.started('fast');
    running.ended('fast');
    await turn();
    expect(sent).toEqual([]);
  });
});

describe('runningReporter once a second (the default in a running engine)', () => {
  it('sends nothing per turn, then the checks still running and those that ended since, once per period', async () => {
    const sent: EngineMessage[] = [];
    const timers = new VirtualTimers(0);
    const running = runningReporter((m) => sent.push(m), 'each-second', 60, timers);
    try {
      running.started('slow');
      running.started('fast');
      running.ended('fast');
      await new Promise((resolve) => setImmediate(resolve));
      expect(sent).toEqual([]);
      await timers.advance(59);
      expect(sent).toEqual([]);
      await timers.advance(1);
      expect(sent).toEqual([{ type: 'running', started: ['slow'], ended: [] }]);
      running.ended('slow');
      await timers.advance(60);
      expect(sent[1]).toEqual({ type: 'running', started: [], ended: ['slow'] });
      // Nothing changed: no message.
      await timers.advance(600);
      expect(sent).toHaveLength(2);
    } finally {
      running.stop();
    }
    expect(timers.size).toBe(0);
  });

  it('is chosen by the environment the supervisor gives the engine', () => {
    expect(runningReportOf({})).toBe('each-second');
    expect(runningReportOf({ TOCSIN_REPORT_RUNNING: 'each-turn' })).toBe('each-turn');
    expect(runningReportOf({ TOCSIN_REPORT_RUNNING: 'bogus' })).toBe('each-second');
  });
});

describe('isEngineMessage', () => {
  it.each([
    [{ type: 'beat', beat: {} }, true],
    [{ type: 'ready', address: '127.0.0.1:1' }, true],
    [{ type: 'running', started: ['slow'], ended: [] }, true],
    [{ type: 'running', started: [1], ended: [] }, false],
    [{ type: 'beat' }, false],
    ['beat', false],
    [null, false],
  ])('tells %j apart: %s', (value, expected) => {
    expect(isEngineMessage(value)).toBe(expected);
  });
});
