import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../core/types.js';
import { Phases } from '../phases.js';
import { execCheck } from './check.js';
import { signalGroup } from '../../lib/process-group.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/plugins');
const fixture = (name: string) => join(FIXTURES, name);

let dir: string;
let pidFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-exec-'));
  pidFile = join(dir, 'pid');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('exec check: stopping plugins', () => {
  it('settles at once when aborted and kills a plugin that hangs', async () => {
    const controller = new AbortController();
    const running = runExec({ command: [fixture('hang.sh')], env: { PIDFILE: pidFile } }, controller.signal);
    const pgid = await readPidFile(pidFile);
    expect(signalGroup(pgid, 0)).toBe(true);

    const abortedAt = Date.now();
    controller.abort(new Error('timed out after 300 ms waiting for the process hang.sh'));
    const result = await running;

    expect(Date.now() - abortedAt).toBeLessThan(2000);
    expect(result.status).toBe('down');
    expect(result.message).toBe('timed out after 300 ms waiting for the process hang.sh; stopped hang.sh and its process group');
    expect(await survivorsOf(pgid)).toEqual([]);
  });

  it('kills with SIGKILL a process group that ignores SIGTERM', async () => {
    const controller = new AbortController();
    const running = runExec({ command: [fixture('ignore_term.sh')], env: { PIDFILE: pidFile } }, controller.signal);
    const pgid = await readPidFile(pidFile);
    expect(liveMembers(pgid).length).toBeGreaterThanOrEqual(3);

    const abortedAt = Date.now();
    controller.abort(new Error('deadline'));
    const result = await running;

    // Settles before the SIGKILL grace runs out: the runner is not kept waiting.
    expect(Date.now() - abortedAt).toBeLessThan(2000);
    expect(result.status).toBe('down');
    expect(await survivorsOf(pgid)).toEqual([]);
  });

  it('never starts a plugin when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline passed before the start'));
    const result = await runExec({ command: [fixture('hang.sh')], env: { PIDFILE: pidFile } }, controller.signal);
    expect(result.message).toBe('deadline passed before the start; stopped hang.sh and its process group');
    expect(await readPidFile(pidFile, 300).catch(() => 'not started')).toBe('not started');
  });

  it('settles soon after the plugin exits even when its child keeps stdout open', async () => {
    const startedAt = Date.now();
    const result = await runExec({ command: [fixture('fork_holds_stdout.sh')], env: { PIDFILE: pidFile } });

    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(result).toMatchObject({ status: 'up', message: 'OK - started the helper', metrics: { helpers: 1, helpers_min: 0 } });
    expect(await survivorsOf(await readPidFile(pidFile))).toEqual([]);
  });

  it('caps 5 MB of output at 64 kB without blocking the plugin', async () => {
    const startedAt = Date.now();
    const result = await runExec({ command: [fixture('flood.sh')] });

    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(result).toMatchObject({ status: 'up', message: 'OK - flooding (output truncated at 64 kB)', metrics: { lines: 1 } });
  });
});

function runExec(settings: { command: string[]; env?: Record<string, string>; cwd?: string }, signal = new AbortController().signal): Promise<CheckResult> {
  return execCheck.run({ env: {}, ...settings }, { signal, timeoutMs: 10_000, phases: new Phases() });
}

/** Polls (bounded) until `file` holds a process id. */
async function readPidFile(file: string, withinMs = 10_000): Promise<number> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const pid = Number.parseInt(readIfThere(file), 10);
    if (pid > 0) return pid;
    await sleep(25);
  }
  throw new Error(`no pid in ${file} after ${withinMs} ms`);
}

/** Processes of group `pgid` that are still running (zombies excluded), from /proc. */
function liveMembers(pgid: number): number[] {
  const live: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readIfThere(`/proc/${entry}/stat`);
    // Fields after "(comm)", which may itself hold spaces: state ppid pgrp …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') live.push(Number(entry));
  }
  return live;
}

/**
 * Waits (bounded) for `kill(-pgid, 0)` to fail with ESRCH and returns the
 * members still running at the end: [] when the group is gone. Killed orphans
 * stay zombies until init reaps them, which some container inits do late or
 * never; a zombie is dead, so only running members count after the wait.
 */
async function survivorsOf(pgid: number, withinMs = 10_000): Promise<number[]> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!signalGroup(pgid, 0)) return [];
    await sleep(50);
  }
  return liveMembers(pgid);
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
