/**
 * Runs the command in its own process group with a deadline. On the deadline
 * or an abort the whole group gets SIGTERM, then SIGKILL after a grace period:
 * a hook script that forks `curl` and ignores SIGTERM must not outlive its
 * attempt. The environment is minimal on purpose: tocsin's own holds the
 * secrets of every other channel.
 */
import { spawn } from 'node:child_process';
import { terminateGroup } from '../../lib/process-group.js';
import type { ChannelOf, SendOptions, SendOutcome } from '../types.js';
import type { CommandRun } from './render.js';

export const KILL_GRACE_MS = 1000;
/** After the program exits, a forked child may hold its output open; wait only this long. */
const DRAIN_MS = 100;
const OUTPUT_LIMIT = 8 * 1024;
const PASSED_THROUGH = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];

export function send(run: CommandRun, _config: ChannelOf<'command'>, options: SendOptions): Promise<SendOutcome> {
  const program = run.argv[0] ?? '';
  const label = `${options.channel} (${program})`;
  if (options.signal?.aborted) return Promise.resolve({ ok: false, permanent: false, error: `${label}: aborted before running` });
  const env = { ...pick(process.env, PASSED_THROUGH), ...run.env };
  return new Promise((resolve) => {
    const child = spawn(program, run.argv.slice(1), { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8');
    };
    let settled = false;
    let drain: NodeJS.Timeout | undefined;
    const settle = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(drain);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) terminateGroup(child.pid, KILL_GRACE_MS);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(outcome);
    };
    const deadline = setTimeout(
      () => settle({ ok: false, permanent: false, error: `${label}: did not finish within ${options.timeoutMs} ms; its process group was killed` }),
      options.timeoutMs,
    );
    const onAbort = () => settle({ ok: false, permanent: false, error: `${label}: aborted; its process group was killed` });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // ENOENT/EACCES: the configured program is missing or not executable, and retrying will not change that.
      if (child.pid === undefined) settle({ ok: false, permanent: true, error: `${label}: cannot run: ${error.code ?? error.message}` });
    });
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    // A program that does not read stdin closes it early; that is its right, not a failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(run.stdin);
    const exited = (code: number | null, signal: NodeJS.Signals | null) => () => settle(judgeExit(label, code, signal, output));
    child.on('exit', (code, signal) => (drain = setTimeout(exited(code, signal), DRAIN_MS)));
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (child.pid !== undefined) exited(code, signal)();
    });
  });
}

export function judgeExit(label: string, code: number | null, signal: NodeJS.Signals | null, output: string): SendOutcome {
  const said = lastLine(output);
  if (code === 0) return { ok: true, status: 0, detail: `exit 0${said ? `: ${said}` : ''}` };
  const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
  return { ok: false, permanent: false, ...(code !== null ? { status: code } : {}), error: `${label}: ${how}${said ? `: ${said}` : ''}` };
}

function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines[lines.length - 1] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function pick(source: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
