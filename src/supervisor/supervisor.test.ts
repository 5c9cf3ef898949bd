import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineBeat } from '../core/watchdog.js';
import type { EngineMessage } from '../engine/heartbeat-ipc.js';
import { createLogger } from '../lib/logger.js';
import type { ChildExit, EngineChild } from './child.js';
import { Supervisor } from './supervisor.js';

afterEach(() => vi.useRealTimers());

/** An engine process that says what the test tells it to and never exits by itself. */
function fakeEngine() {
  let listener: (message: EngineMessage) => void = () => undefined;
  let exit: (value: ChildExit) => void = () => undefined;
  const child: EngineChild = {
    pid: 4242,
    exited: new Promise<ChildExit>((resolve) => (exit = resolve)),
    onMessage: (next) => void (listener = next),
    signal: () => undefined,
    tell: () => undefined,
    end: () => {
      exit({ code: null, signal: 'SIGTERM' });
      return child.exited;
    },
  };
  return { child, say: (message: EngineMessage) => listener(message) };
}

describe('the supervisor watching for stalled checks', () => {
  it('counts from the moment monitors are first scheduled, not from the start of an engine that had none', async () => {
    vi.useFakeTimers();
    let now = 1_000_000;
    const engines: ReturnType<typeof fakeEngine>[] = [];
    const supervisor = new Supervisor({
      spawn: () => {
        engines.push(fakeEngine());
        return engines.at(-1)!.child;
      },
      env: {},
      logger: createLogger({ level: 'silent' }),
      clock: { now: () => now },
      watchdog: () => ({ stallAfter: 15_000, maxRss: undefined }),
      killGraceMs: 10,
    });
    supervisor.start();
    const engine = engines[0]!;
    const beat = (scheduled: number): EngineBeat => ({
      at: now,
      checksCompleted: 0,
      lastResultAt: undefined,
      scheduled,
      resultEvery: 70_000,
      loopDelayMaxMs: 0,
      rssBytes: 100 * 2 ** 20,
      outboxBacklog: 0,
    });
    engine.say({ type: 'ready', address: '127.0.0.1:1' });
    const run = async (seconds: number, scheduled: number) => {
      for (let s = 0; s < seconds; s++) {
        now += 1000;
        engine.say({ type: 'beat', beat: beat(scheduled) });
        await vi.advanceTimersByTimeAsync(1000);
      }
    };
    // Ten minutes with nothing to check, then a reload schedules 100,000 monitors.
    await run(600, 0);
    await run(60, 100_000);
    expect(engines).toHaveLength(1);
    // Still no result past one interval, timeout and stall_after: that is a stall.
    await run(30, 100_000);
    expect(engines).toHaveLength(2);
    await supervisor.stop();
  });
});

describe('the supervisor after a freeze', () => {
  it('has the engine started after a freeze report its running checks at every turn', async () => {
    vi.useFakeTimers();
    let now = 1_000_000;
    const engines: ReturnType<typeof fakeEngine>[] = [];
    const envs: NodeJS.ProcessEnv[] = [];
    const supervisor = new Supervisor({
      spawn: (env) => {
        envs.push(env);
        engines.push(fakeEngine());
        return engines.at(-1)!.child;
      },
      env: {},
      logger: createLogger({ level: 'silent' }),
      clock: { now: () => now },
      watchdog: () => ({ stallAfter: 15_000, maxRss: undefined }),
      killGraceMs: 10,
    });
    supervisor.start();
    const beat = (loopDelayMaxMs: number, rssBytes = 100 * 2 ** 20): EngineMessage => ({
      type: 'beat',
      beat: { at: now, checksCompleted: now, lastResultAt: now, scheduled: 1, resultEvery: 1000, loopDelayMaxMs, rssBytes, outboxBacklog: 0 },
    });
    const run = async (seconds: number, message: () => EngineMessage | undefined) => {
      for (let s = 0; s < seconds; s++) {
        now += 1000;
        const m = message();
        if (m) engines.at(-1)!.say(m);
        await vi.advanceTimersByTimeAsync(1000);
      }
    };
    engines[0]!.say({ type: 'ready', address: '127.0.0.1:1' });
    await run(5, () => beat(0));
    expect(envs[0]!.TOCSIN_REPORT_RUNNING).toBeUndefined();
    // Silent: the loop froze.
    await run(30, () => undefined);
    expect(engines.length).toBeGreaterThanOrEqual(2);
    expect(envs[1]!.TOCSIN_REPORT_RUNNING).toBe('each-turn');
    await supervisor.stop();
  });
});

describe('the supervisor on a machine short of CPU', () => {
  function supervise(cpuWait: () => number | undefined) {
    let now = 1_000_000;
    const engines: ReturnType<typeof fakeEngine>[] = [];
    const supervisor = new Supervisor({
      spawn: () => {
        engines.push(fakeEngine());
        return engines.at(-1)!.child;
      },
      env: {},
      logger: createLogger({ level: 'silent' }),
      clock: { now: () => now },
      watchdog: () => ({ stallAfter: 15_000, maxRss: undefined }),
      cpuWait,
      killGraceMs: 10,
    });
    const beat = (): EngineBeat => ({
      at: now,
      checksCompleted: 1,
      lastResultAt: now,
      scheduled: 0,
      resultEvery: 70_000,
      loopDelayMaxMs: 0,
      rssBytes: 100 * 2 ** 20,
      outboxBacklog: 0,
    });
    return {
      supervisor,
      engines,
      beat: () => engines.at(-1)!.say({ type: 'beat', beat: beat() }),
      /** Moves both clocks: the supervisor's timer fires on time, every 250 ms. */
      pass: async (ms: number) => {
        for (let t = 0; t < ms; t += 250) {
          now += 250;
          await vi.advanceTimersByTimeAsync(250);
        }
      },
      /** The supervisor itself gets no CPU for `ms`: its clock moves, its timers do not fire meanwhile. */
      freezeSupervisor: (ms: number) => void (now += ms),
    };
  }

  it('does not restart an engine silent for 40 s of which it spent 30 s waiting for a CPU', async () => {
    vi.useFakeTimers();
    let waited = 0;
    const s = supervise(() => waited);
    s.supervisor.start();
    s.engines[0]!.say({ type: 'ready', address: '127.0.0.1:1' });
    s.beat();
    for (let i = 0; i < 160; i++) {
      waited += 250 * 0.75;
      await s.pass(250);
    }
    expect(s.engines).toHaveLength(1);
    // Running, not waiting, for the rest of its silence: now it is stuck.
    await s.pass(16_000);
    expect(s.engines).toHaveLength(2);
    await s.supervisor.stop();
  });

  it('reads the beats that queued while it was itself starved before it judges the silence', async () => {
    vi.useFakeTimers();
    const s = supervise(() => undefined);
    s.supervisor.start();
    s.engines[0]!.say({ type: 'ready', address: '127.0.0.1:1' });
    s.beat();
    await s.pass(1_000);
    // 20 s without a turn of the supervisor's loop; the engine's beats of that time wait in the pipe.
    s.freezeSupervisor(20_000);
    await vi.advanceTimersByTimeAsync(250);
    s.beat();
    await s.pass(1_000);
    expect(s.engines).toHaveLength(1);
    await s.supervisor.stop();
  });
});

describe('the monitor count an engine is started for', () => {
  it("is the file's at first, then the last engine's when it held more (monitors added by the API)", async () => {
    vi.useFakeTimers();
    let now = 1_000_000;
    const engines: ReturnType<typeof fakeEngine>[] = [];
    const counts: number[] = [];
    const supervisor = new Supervisor({
      spawn: (_env, monitors) => {
        counts.push(monitors);
        engines.push(fakeEngine());
        return engines.at(-1)!.child;
      },
      env: {},
      logger: createLogger({ level: 'silent' }),
      clock: { now: () => now },
      watchdog: () => ({ stallAfter: 15_000, maxRss: undefined, configuredMonitors: 20 }),
      killGraceMs: 10,
    });
    supervisor.start();
    engines[0]!.say({ type: 'ready', address: '127.0.0.1:1' });
    for (let s = 0; s < 5; s++) {
      now += 1000;
      engines[0]!.say({
        type: 'beat',
        beat: { at: now, checksCompleted: now, lastResultAt: now, scheduled: 5_000, resultEvery: 1000, loopDelayMaxMs: 0, rssBytes: 2 ** 27, outboxBacklog: 0 },
      });
      await vi.advanceTimersByTimeAsync(1000);
    }
    // Silent: the supervisor starts another engine.
    for (let s = 0; s < 30 && engines.length === 1; s++) {
      now += 1000;
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(counts).toEqual([20, 5_000]);
    await supervisor.stop();
  });
});
