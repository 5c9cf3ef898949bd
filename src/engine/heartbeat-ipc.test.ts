import { afterEach, describe, expect, it } from 'vitest';
import { isEngineMessage, runningReportOf, runningReporter, startHeartbeat, type EngineMessage, type Heartbeat } from './heartbeat-ipc.js';

let heartbeat: Heartbeat | undefined;
afterEach(() => heartbeat?.stop());

function collect(every: number): EngineMessage[] {
  const messages: EngineMessage[] = [];
  heartbeat = startHeartbeat((m) => messages.push(m), every);
  return messages;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('startHeartbeat', () => {
  it('sends zeros while starting, then the engine figures with memory', async () => {
    const messages = collect(30);
    await until(() => messages.length >= 1);
    heartbeat!.setProgress(() => ({ checksCompleted: 7, lastResultAt: 123, scheduled: 2, resultEvery: 5000, outboxBacklog: 1 }));
    const seen = messages.length;
    await until(() => messages.length > seen);
    const first = messages[0]!;
    const last = messages.at(-1)!;
    expect(first.type === 'beat' && first.beat.checksCompleted).toBe(0);
    expect(last.type === 'beat' && last.beat).toMatchObject({ checksCompleted: 7, scheduled: 2, outboxBacklog: 1 });
    expect(last.type === 'beat' && last.beat.rssBytes).toBeGreaterThan(1_000_000);
  });

  it('reports a blocked event loop in the next beat', async () => {
    const messages = collect(50);
    await until(() => messages.length >= 1);
    const blockUntil = Date.now() + 600;
    while (Date.now() < blockUntil) {
      // Deliberately hold the event loop, as a hung synchronous call would.
    }
    const seen = messages.length;
    await until(() => messages.length > seen);
    const after = messages[seen]!;
    expect(after.type === 'beat' && after.beat.loopDelayMaxMs).toBeGreaterThan(400);
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
    const running = runningReporter((m) => sent.push(m), 'each-second', 60);
    try {
      running.started('slow');
      running.started('fast');
      running.ended('fast');
      await new Promise((resolve) => setImmediate(resolve));
      expect(sent).toEqual([]);
      await until(() => sent.length >= 1);
      expect(sent).toEqual([{ type: 'running', started: ['slow'], ended: [] }]);
      running.ended('slow');
      await until(() => sent.length >= 2);
      expect(sent[1]).toEqual({ type: 'running', started: [], ended: ['slow'] });
      // Nothing changed: no message.
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(sent).toHaveLength(2);
    } finally {
      running.stop();
    }
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
