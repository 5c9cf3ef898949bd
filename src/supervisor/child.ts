/** One engine process as the supervisor sees it: messages in, an exit, and a way to end it for sure. */
import { fork } from 'node:child_process';
import { SMALL_INSTALL, SMALL_INSTALL_ARG, SMALL_INSTALL_FLAGS, compilersSetByHand, type MonitorsMessage } from '../engine/compilers.js';
import { isEngineMessage, type EngineMessage } from '../engine/heartbeat-ipc.js';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EngineChild {
  pid: number | undefined;
  exited: Promise<ChildExit>;
  onMessage(listener: (message: EngineMessage) => void): void;
  signal(signal: NodeJS.Signals): void;
  /** A message over the IPC channel; dropped if the engine is gone. */
  tell(message: MonitorsMessage): void;
  /** SIGTERM, then SIGKILL after `graceMs`: a blocked event loop never runs a SIGTERM handler. */
  end(graceMs: number): Promise<ChildExit>;
}

/** Starts an engine expected to hold `monitors` monitors (what the config file or the last engine said). */
export type SpawnEngine = (env: NodeJS.ProcessEnv, monitors: number) => EngineChild;

export function forkEngine(entry: string, args: readonly string[]): SpawnEngine {
  return (env, monitors) => {
    const small = startsSmall(process.execArgv, monitors);
    const child = fork(entry, [...args, ...(small ? [SMALL_INSTALL_ARG] : [])], {
      env: engineEnv(env),
      execArgv: engineExecArgv(process.execArgv, small),
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildExit | undefined;
    const exited = new Promise<ChildExit>((resolve) => {
      child.once('exit', (code, signal) => resolve((result = { code, signal })));
      // A fork that cannot start (ENOMEM, EAGAIN) emits 'error' and maybe no 'exit'.
      child.once('error', () => setTimeout(() => resolve((result ??= { code: 1, signal: null })), 100));
    });
    const send = (signal: NodeJS.Signals) => {
      if (result === undefined) child.kill(signal);
    };
    return {
      pid: child.pid,
      exited,
      onMessage(listener) {
        child.on('message', (message: unknown) => {
          if (isEngineMessage(message)) listener(message);
        });
      },
      signal: send,
      tell(message) {
        if (result === undefined && child.connected) child.send(message, () => undefined);
      },
      async end(graceMs) {
        send('SIGTERM');
        const timer = setTimeout(() => send('SIGKILL'), graceMs);
        const exit = await exited;
        clearTimeout(timer);
        return exit;
      },
    };
  };
}

/**
 * V8 lets the old generation grow to up to four times what survived the last full collection before
 * collecting again: an engine holding 20,000 monitors had 112 MB of live objects and 494 MB resident.
 * Growing by 30 % at most keeps it at 283 MB for the same CPU per check (measured with bench:scale;
 * `--optimize-for-size` went lower still but doubled the CPU per check). Flags given to node by hand
 * win: the default is added only when none names the growth.
 */
export const HEAP_GROWTH = '--heap-growing-percent=30';

/** Whether the engine starts without V8's optimizing compilers (src/engine/compilers.ts). */
export function startsSmall(parent: readonly string[], monitors: number): boolean {
  return monitors < SMALL_INSTALL && !compilersSetByHand(parent);
}

export function engineExecArgv(parent: readonly string[], small: boolean): string[] {
  const flags = [...parent];
  if (!parent.some((flag) => flag.startsWith('--heap-growing-percent'))) flags.push(HEAP_GROWTH);
  if (small) flags.push(...SMALL_INSTALL_FLAGS);
  return flags;
}

/**
 * glibc gives each thread that allocates its own malloc arena (up to 8 per core); libuv's pool and
 * V8's helper threads left ~15 MB of half-empty arenas in an engine with 100 monitors (bench:small:
 * 129 → 114 MiB of PSS for supervisor and engine). Two arenas showed no CPU cost per check in
 * bench:scale at 10,000 monitors (0.73 ms against 0.78 before, with the other changes of that run,
 * on a loaded machine). A value set by hand wins.
 */
export const MALLOC_ARENAS = '2';

export function engineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.MALLOC_ARENA_MAX === undefined ? { ...env, MALLOC_ARENA_MAX: MALLOC_ARENAS } : env;
}
