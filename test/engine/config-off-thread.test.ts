/**
 * tocsin.yaml is read on a worker thread (src/config/read-off-thread.ts), so a file of many monitors
 * does not stop the engine's event loop. The worker exists only as compiled code: this file runs
 * dist/ (`npm test` builds first; in a dev loop, run `npx tsc -p tsconfig.build.json`).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const entry = new URL('../../dist/config/read-off-thread.js', import.meta.url);
const built = existsSync(fileURLToPath(entry));
const dir = mkdtempSync(join(tmpdir(), 'tocsin-off-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Reader = typeof import('../../src/config/read-off-thread.js') & Pick<typeof import('../../src/config/load.js'), 'loadConfig'>;
const reader = async (): Promise<Reader> => ({
  ...((await import(entry.href)) as typeof import('../../src/config/read-off-thread.js')),
  ...((await import(new URL('../../dist/config/load.js', import.meta.url).href)) as typeof import('../../src/config/load.js')),
});

function monitorsFile(count: number): string {
  const lines = ['database: { url: "sqlite::memory:" }', 'channels: {}', 'monitors:'];
  for (let i = 0; i < count; i++) lines.push(`  - { id: m${i}, type: http, url: "http://127.0.0.1:9/m${i}" }`);
  const file = join(dir, `monitors-${count}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('reading tocsin.yaml off the event loop', () => {
  it('is built', () => expect(built, 'dist/ is missing: run `npm run build` first (npm test does)').toBe(true));

  it.runIf(built)('returns the validated config and the sections the file writes', async () => {
    const { readConfigOffThread } = await reader();
    const loaded = await readConfigOffThread(monitorsFile(3), {});
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.config.monitors.map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
    expect(loaded.config.monitors[0]?.interval).toBe(60_000);
    // `channels: {}` is written with a value; a missing section is not listed.
    expect(loaded.sections.sort()).toEqual(['channels', 'database', 'monitors']);
  });

  it.runIf(built)('names the line and path of each problem, and the variable that is unset', async () => {
    const { readConfigOffThread } = await reader();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'database: { url: "sqlite::memory:" }\nmonitors:\n  - { id: a, type: http, url: "${TARGET}" }\n  - { id: b, type: nope }\n');
    const loaded = await readConfigOffThread(file, {});
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map((p) => [p.line, p.path])).toEqual([
      [3, 'monitors[0].url'],
      [4, 'monitors[1].type'],
    ]);
    expect(loaded.problems[0]?.message).toContain('TARGET');
  });

  it.runIf(built)('says so when the file is missing', async () => {
    const { readConfigOffThread } = await reader();
    const loaded = await readConfigOffThread(join(dir, 'absent.yaml'), {});
    expect(loaded).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('file not found') }] });
  });

  it.runIf(built)('keeps the event loop turning while it parses thousands of monitors', async () => {
    const { readConfigOffThread, loadConfig } = await reader();
    const file = monitorsFile(10_000);
    // Ticks of a 5 ms interval while the read runs, and the longest the loop went without one. A count
    // alone measures the machine: under load the file read itself lets more ticks through.
    const ticksDuring = async (read: () => Promise<unknown>) => {
      let ticks = 0;
      let longestGap = 0;
      const started = performance.now();
      let last = started;
      const timer = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
        ticks += 1;
      }, 5);
      await read();
      clearInterval(timer);
      const ended = performance.now();
      return { ticks, longestGap: Math.max(longestGap, ended - last), took: ended - started };
    };
    // In this thread the parse is one block: the loop stands still for most of the read.
    const inThread = await ticksDuring(() => loadConfig(file, {}));
    const offThread = await ticksDuring(() => readConfigOffThread(file, {}));
    expect(inThread.longestGap).toBeGreaterThan(inThread.took / 2);
    expect(offThread.ticks).toBeGreaterThan(inThread.ticks + 10);
    expect(offThread.longestGap).toBeLessThan(inThread.longestGap / 2);
  });
});
