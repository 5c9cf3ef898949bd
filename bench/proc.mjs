// Helpers shared by the benches that run the real `tocsin start` and read its processes from /proc
// (Linux only): bench/scale.mjs, bench/check-cpu.mjs and bench/small-side.mjs.
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

/**
 * The memory these processes take from the machine: each one's private pages, plus the pages it shares
 * (the node binary, libraries) counted once, as on a machine where nothing else runs node. Not PSS:
 * PSS divides a shared page among every process that maps it, the bench's own node processes too.
 */
export function ownBytes(pids) {
  let kib = 0;
  const shared = new Map();
  for (const pid of pids) {
    let mapping = '';
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const header = /^[0-9a-f]+-[0-9a-f]+ \S+ ([0-9a-f]+) \S+ (\d+)/.exec(line);
      if (header) mapping = header[2] === '0' ? `${pid}:${line.slice(0, line.indexOf(' '))}` : `${header[2]}:${header[1]}`;
      const field = /^(Private|Shared)_(?:Clean|Dirty):\s+(\d+) kB/.exec(line);
      if (!field) continue;
      if (field[1] === 'Private') kib += Number(field[2]);
      else shared.set(`${pid} ${mapping}`, (shared.get(`${pid} ${mapping}`) ?? 0) + Number(field[2]));
    }
  }
  const once = new Map();
  for (const [key, value] of shared) {
    const mapping = key.slice(key.indexOf(' ') + 1);
    once.set(mapping, Math.max(once.get(mapping) ?? 0, value));
  }
  for (const value of once.values()) kib += value;
  return kib * 1024;
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
