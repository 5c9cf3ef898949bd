import { spawn } from 'node:child_process';
import { OutputCapture } from '../exec/capture.js';
import { terminateGroup, trackGroup } from '../../lib/process-group.js';
import { childProcessSlots, noFreeSlot } from '../../lib/process-slots.js';

export type PingOutcome =
  | { kind: 'exited'; code: number | null; stdout: string; stderr: string }
  | { kind: 'spawnFailed'; errno: string; detail: string }
  | { kind: 'aborted' }
  | { kind: 'noSlot'; why: string };

/** ping prints a few lines per echo; 64 kB is far more than 100 echoes need. */
const OUTPUT_LIMIT = 64 * 1024;
const KILL_GRACE_MS = 1000;

/**
 * Runs ping in its own process group (killed whole on abort) and settles once its output is
 * closed, not merely once it exited: unlike exec plugins, ping leaves no child holding the pipe,
 * and on a loaded machine its last lines can arrive well after the exit (exec's 100 ms drain
 * cut them off, turning a good run into "no report").
 */
export async function runPing(command: readonly string[], signal: AbortSignal): Promise<PingOutcome> {
  if (signal.aborted) return { kind: 'aborted' };
  const release = await childProcessSlots.acquire(signal);
  if (!release) return { kind: 'noSlot', why: noFreeSlot() };
  try {
    return await spawnAndWait(command, signal);
  } finally {
    release();
  }
}

function spawnAndWait(command: readonly string[], signal: AbortSignal): Promise<PingOutcome> {
  return new Promise((resolve) => {
    const [program = 'ping', ...args] = command;
    const capture = new OutputCapture(OUTPUT_LIMIT);
    const child = spawn(program, args, {
      cwd: '/',
      env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) trackGroup(child.pid);
    let settled = false;
    const settle = (outcome: PingOutcome) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) terminateGroup(child.pid, KILL_GRACE_MS);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(outcome);
    };
    const onAbort = () => settle({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', capture.sink('stdout'));
    child.stderr.on('data', capture.sink('stderr'));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) settle({ kind: 'spawnFailed', errno: error.code ?? 'EUNKNOWN', detail: error.message });
    });
    child.on('close', (code) => {
      if (child.pid !== undefined) settle({ kind: 'exited', code, ...capture.result() });
    });
  });
}
