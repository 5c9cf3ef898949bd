/**
 * /metrics of a real tocsin on a SQLite file of 1,000 monitors counts the 24 h uptime on a worker
 * thread (src/store/uptime-worker.ts; fewer are counted on the engine's thread). Each case runs tocsin from dist/ in a child process
 * (metrics-uptime-child.mjs), which must end by itself after tocsin.stop(): the worker keeps the
 * process alive while it runs, so a worker left behind by stop() shows as a process that never exits.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from '../alerting/live.js';

const built = existsSync(fileURLToPath(new URL('../../dist/store/uptime-worker-thread.js', import.meta.url)));
const child = fileURLToPath(new URL('./metrics-uptime-child.mjs', import.meta.url));
const dirs: string[] = [];
let target: Target;

beforeAll(async () => {
  target = await startTarget(200);
});
afterAll(async () => {
  await target?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  status: number;
  uptime: string[];
  state: string[];
  warnings: string[];
}

/** Runs the child to its end: what it printed, and its exit code (null if it had to be killed). */
function run(mode: 'keep' | 'delete'): Promise<{ seen?: Seen; stopped: boolean; code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-uptime-worker-'));
  dirs.push(dir);
  const proc = spawn(process.execPath, [child, dir, target.url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Generous for a loaded machine; a process held open by a thread never ends, whatever the bound.
  const killer = setTimeout(() => proc.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => {
    proc.on('exit', (code) => {
      clearTimeout(killer);
      const lines = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Seen & { stopped?: boolean });
      resolve({ seen: lines.find((l) => l.stopped === undefined), stopped: lines.some((l) => l.stopped), code, stderr });
    });
  });
}

describe('/metrics uptime counted on a worker thread', () => {
  it('is built', () => expect(built, 'dist/ is missing: run `npx tsc -p tsconfig.build.json` first (npm test does)').toBe(true));

  it.runIf(built)(
    'carries the 24 h uptime from the worker, and the process ends by itself after tocsin.stop()',
    async () => {
      const { seen, stopped, code, stderr } = await run('keep');
      expect(stderr).toBe('');
      expect(seen).toMatchObject({ status: 200, uptime: ['tocsin_monitor_uptime_ratio{monitor="web"} 1'] });
      expect(seen?.warnings.filter((w) => /uptime/.test(w))).toEqual([]);
      expect(stopped).toBe(true);
      expect(code).toBe(0);
    },
    120_000,
  );

  it.runIf(built)(
    'answers without the uptime series, and says why in a warning, when the database file is gone',
    async () => {
      const { seen, stopped, code, stderr } = await run('delete');
      expect(stderr).toBe('');
      expect(seen?.status).toBe(200);
      expect(seen?.uptime).toEqual([]);
      expect(seen?.state).toEqual(['tocsin_monitor_state{monitor="web",state="up"} 1']);
      expect(seen?.warnings.some((w) => /uptime for \/metrics could not be counted.*unable to open database file/.test(w))).toBe(true);
      expect(stopped).toBe(true);
      expect(code).toBe(0);
    },
    120_000,
  );
});
