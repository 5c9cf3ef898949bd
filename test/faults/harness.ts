/**
 * Runs the built tocsin (`node dist/cli/main.js start`) as a real process
 * group on 127.0.0.1, with a temporary config and SQLite file, and reads its
 * JSON log lines. Every process a test starts is killed in `stopAll()`,
 * process group included, so a failed test leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

export type LogLine = Record<string, unknown> & { msg?: string };

export interface Instance {
  dir: string;
  port: number;
  base: string;
  process: ChildProcess;
  logs: LogLine[];
  /** Resolves with the first log line (from now on or already seen) that matches, or throws after `timeoutMs`. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs: number, from?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Rows of the SQLite store, read while the engine runs (WAL lets readers in). */
  query<T>(sql: string, ...params: unknown[]): T[];
}

const running: Instance[] = [];
const dirs: string[] = [];
const cleanups: Array<() => void> = [];

/** Runs after the processes are killed and before the temp directories go (e.g. unmount a tmpfs). */
export function onCleanup(cleanup: () => void): void {
  cleanups.push(cleanup);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-faults-'));
  dirs.push(dir);
  return dir;
}

export interface StartSpec {
  /** The config body; `{{dir}}` is replaced by the instance's temp directory. */
  yaml: string;
  env?: Record<string, string>;
  args?: string[];
  dir?: string;
  dbPath?: string;
  /** A port picked in advance (peers need each other's address before starting). */
  port?: number;
}

export async function startInstance(spec: StartSpec): Promise<Instance> {
  const dir = spec.dir ?? tempDir();
  const port = spec.port ?? (await freePort());
  const config = join(dir, 'tocsin.yaml');
  writeFileSync(config, spec.yaml.replaceAll('{{dir}}', dir));
  const child = spawn(process.execPath, [CLI, '-c', config, 'start', '--listen', `127.0.0.1:${port}`, ...(spec.args ?? [])], {
    // Its own process group, so stopAll() reaches the supervisor, the engine and any plugin.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TOCSIN_LOG_LEVEL: 'info', ...spec.env },
  });
  const logs: LogLine[] = [];
  collectLines(child, logs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const dbPath = spec.dbPath ?? join(dir, 'tocsin.db');
  const instance: Instance = {
    dir,
    port,
    base: `http://127.0.0.1:${port}`,
    process: child,
    logs,
    exited,
    waitForLog: (match, timeoutMs, from = 0) =>
      waitFor(
        () => logs.slice(from).find(match),
        timeoutMs,
        () => `log line; last lines:\n${tail(logs)}`,
      ),
    query: (sql, ...params) => {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(sql).all(...params) as never[];
      } finally {
        db.close();
      }
    },
  };
  running.push(instance);
  return instance;
}

function collectLines(child: ChildProcess, logs: LogLine[]): void {
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) logs.push(parse(line));
    });
  }
}

function parse(line: string): LogLine {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as LogLine) : { msg: line };
  } catch {
    return { msg: line };
  }
}

export function tail(logs: LogLine[]): string {
  return logs
    .slice(-15)
    .map((l) => String(l.msg ?? JSON.stringify(l)).slice(0, 300))
    .join('\n');
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: () => string = () => 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      // Not yet (the database file does not exist yet): keep polling, and say so if it never comes.
      lastError = `; last error: ${error instanceof Error ? error.message : String(error)}`;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}${lastError}`);
}

/** GET on the instance; undefined while nothing answers. */
export async function get(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL every process group a test started, then remove the temp directories. */
export async function stopAll(): Promise<void> {
  for (const instance of running.splice(0)) {
    try {
      process.kill(-instance.process.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await Promise.race([instance.exited, new Promise((r) => setTimeout(r, 3000))]);
  }
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const FAULTS_ALLOWED = { TOCSIN_ALLOW_TEST_FAULTS: '1' };

/** The engine child's pid, from the supervisor's "engine ready" line. */
export function enginePid(line: LogLine): number {
  return Number(line.engine_pid);
}

export interface YamlOptions {
  /** A TCP port on 127.0.0.1 that accepts connections, so checks complete. */
  targetPort: number;
  stallAfter?: string;
  maxRss?: string;
  webhookUrl?: string;
  /** Appended to the watchdog block, e.g. "  ping_url: http://…". */
  watchdogExtra?: string;
  /** Appended to the monitors list. */
  monitorsExtra?: string;
}

export function tocsinYaml(o: YamlOptions): string {
  return `database:
  url: sqlite:{{dir}}/tocsin.db
watchdog:
  stall_after: ${o.stallAfter ?? '2s'}
  max_rss: ${o.maxRss ?? '512MB'}
${o.watchdogExtra ?? ''}
channels:
  ops:
    type: webhook
    url: ${o.webhookUrl ?? 'http://127.0.0.1:9/hook'}
monitors:
  - id: local-port
    type: tcp
    interval: 1s
    timeout: 1s
    host: 127.0.0.1
    port: ${o.targetPort}
${o.monitorsExtra ?? ''}
`;
}

/** A TCP server on 127.0.0.1:0 that accepts and closes: a target that is up. */
export async function startTarget(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { port, close: () => new Promise((r) => server.close(() => r())) };
}

export const isReady = (l: LogLine) => l.component === 'supervisor' && typeof l.msg === 'string' && /^engine (ready|back)/.test(l.msg);
export const isRestarted = (l: LogLine) => l.component === 'supervisor' && typeof l.msg === 'string' && l.msg.startsWith('engine restarted: ');
export const isBack = (l: LogLine) => l.component === 'supervisor' && typeof l.msg === 'string' && l.msg.startsWith('engine back');

export function selfNotices(instance: Instance): Array<{ channel: string; payload: string }> {
  return instance.query("select channel, payload from outbox where event = 'tocsin.self'");
}

/**
 * The results table as the tests read it: one row per result with the monitor's id, status, missed
 * flag and message, decoded from the compact row (src/store/result-codec.ts) in SQL. A row that kept
 * no words has a null message.
 */
export const RESULTS = `(select k.monitor_id as monitor_id, r.at as at,
  case r.code & 3 when 0 then 'up' when 1 then 'degraded' when 2 then 'down' else 'unknown' end as status,
  (r.code & 4) / 4 as missed, json_extract(r.detail, '$.m') as message
  from results r join monitor_keys k on k.monitor_key = r.monitor_key) as results`;
