/** One engine process as the supervisor sees it: messages in, an exit, and a way to end it for sure. */
import { fork } from 'node:child_process';
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
  /** SIGTERM, then SIGKILL after `graceMs`: a blocked event loop never runs a SIGTERM handler. */
  end(graceMs: number): Promise<ChildExit>;
}

export type SpawnEngine = (env: NodeJS.ProcessEnv) => EngineChild;

export function forkEngine(entry: string, args: readonly string[]): SpawnEngine {
  return (env) => {
    const child = fork(entry, [...args], { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
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
