import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { OutputCapture } from './capture.js';
import { terminateGroup, trackGroup } from '../../lib/process-group.js';
import { childProcessSlots, noFreeSlot } from '../../lib/process-slots.js';

export type ProcessOutcome =
  | { kind: 'exited'; code: number | null; signal: string | null; stdout: string; stderr: string; truncated: boolean }
  | { kind: 'spawnFailed'; errno: string; detail: string; cwd: string; cwdMissing: boolean }
  | { kind: 'aborted'; reason: string }
  /** The deadline passed before the process could start (see lib/process-slots.ts). */
  | { kind: 'noSlot'; reason: string };

export interface ProcessRun {
  command: readonly string[];
  env: Record<string, string>;
  cwd: string;
  signal: AbortSignal;
}

/** 64 kB is far more than any plugin's status and perfdata, and small enough to keep per run. */
export const OUTPUT_LIMIT = 64 * 1024;
/** A plugin's forked child may hold stdout open forever; after the plugin exits we wait only this long. */
export const DRAIN_MS = 100;
/** Time a process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 1000;

/**
 * Runs `command` without a shell in its own process group (so the whole tree
 * can be signalled), stdin on /dev/null (a plugin waiting for input reads EOF
 * instead of hanging). Never rejects.
 */
export async function runProcess(run: ProcessRun): Promise<ProcessOutcome> {
  if (run.signal.aborted) return { kind: 'aborted', reason: reasonOf(run.signal) };
  const release = await childProcessSlots.acquire(run.signal);
  if (!release) return { kind: 'noSlot', reason: `${reasonOf(run.signal)}: ${noFreeSlot()}` };
  try {
    return await spawnAndWait(run);
  } finally {
    release();
  }
}

function spawnAndWait(run: ProcessRun): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const [program = '', ...args] = run.command;
    const capture = new OutputCapture(OUTPUT_LIMIT);
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(program, args, { cwd: run.cwd, env: run.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      if (child.pid !== undefined) trackGroup(child.pid);
    } catch (error) {
      resolve(spawnFailed(error, run.cwd, false));
      return;
    }
    let settled = false;
    let drain: NodeJS.Timeout | undefined;
    const settle = (outcome: ProcessOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(drain);
      run.signal.removeEventListener('abort', onAbort);
      // Whatever is left of the group (forked children, or everything after an abort) goes now.
      if (child.pid !== undefined) terminateGroup(child.pid, KILL_GRACE_MS);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(outcome);
    };
    const onAbort = () => settle({ kind: 'aborted', reason: reasonOf(run.signal) });
    run.signal.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', capture.sink('stdout'));
    child.stderr?.on('data', capture.sink('stderr'));
    child.on('error', (error) => {
      if (child.pid !== undefined) return;
      void access(run.cwd).then(
        () => settle(spawnFailed(error, run.cwd, false)),
        () => settle(spawnFailed(error, run.cwd, true)),
      );
    });
    // Without a pid nothing ran: Node still emits 'exit' (code -errno) for a failed spawn, but 'error' tells it better.
    const exited = (code: number | null, signal: NodeJS.Signals | null) => () => {
      if (child.pid !== undefined) settle({ kind: 'exited', code, signal, ...capture.result() });
    };
    child.on('exit', (code, signal) => {
      drain = setTimeout(exited(code, signal), DRAIN_MS);
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => exited(code, signal)());
  });
}

function spawnFailed(error: unknown, cwd: string, cwdMissing: boolean): ProcessOutcome {
  const errno = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'spawnFailed', errno, detail, cwd, cwdMissing };
}

function reasonOf(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'aborted';
}
