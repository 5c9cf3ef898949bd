// Helpers shared by the benches that run the real `tocsin start` and read its processes from /proc
// (Linux only): bench/scale.mjs and bench/check-cpu.mjs.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
export const CLK_TCK = 100;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** CPU the process has used so far, user + system, in clock ticks. */
export function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function rssBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match[1]) * 1024;
}

/** Proportional set size: pages shared with the other process (the node binary) count once between them. */
export function pssBytes(pid) {
  const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  return Number(match?.[1] ?? NaN) * 1024;
}

/** The engine child of a supervisor, if it is running now. */
export function enginePidOf(supervisorPid) {
  const children = readFileSync(`/proc/${supervisorPid}/task/${supervisorPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('engine-entry'));
}

/** The engine's pid, waiting out a restart (the supervisor starts the next engine after a backoff). */
export async function enginePid(supervisorPid) {
  for (let i = 0; i < 120; i++) {
    const pid = enginePidOf(supervisorPid);
    if (pid) return pid;
    await sleep(500);
  }
  throw new Error('no engine process for 60 s');
}

export async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}
