/**
 * A small install's engine runs without V8's optimizing compilers and turns them on once it holds
 * SMALL_INSTALL monitors (src/engine/compilers.ts). Both halves run for real: V8 in a child node
 * started with the engine's flags, and a `tocsin start` reloaded from 3 monitors to 1,000.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { enginePid, isReady, startInstance, stopAll, type LogLine } from '../faults/harness.js';

const entry = new URL('../../dist/engine/compilers.js', import.meta.url);
const built = existsSync(fileURLToPath(entry));

afterEach(stopAll);

// V8's own answer on whether a function was optimized: %GetOptimizationStatus, bit 4 (kOptimized).
const child = `
const { compilersOff, compilersOnceLarge, SMALL_INSTALL } = await import(${JSON.stringify(entry.href)});
const said = [];
// As the supervisor of tocsin start does (an engine gets the same two flags on its command line).
compilersOff();
const grown = compilersOnceLarge({ info: (_fields, message) => said.push(message) });
const optimizedAfterAsking = (f) => {
  %PrepareFunctionForOptimization(f);
  f(10); f(10);
  %OptimizeFunctionOnNextCall(f);
  f(10);
  return (%GetOptimizationStatus(f) & 16) !== 0;
};
const before = optimizedAfterAsking((n) => { let s = 0; for (let i = 0; i < n; i++) s += i; return s; });
grown(SMALL_INSTALL - 1);
const belowTheLine = optimizedAfterAsking((n) => { let s = 1; for (let i = 0; i < n; i++) s *= 2; return s; });
grown(SMALL_INSTALL);
grown(SMALL_INSTALL + 5);
const after = optimizedAfterAsking((n) => { let s = 0; for (let i = 0; i < n; i++) s -= i; return s; });
console.log(JSON.stringify({ before, belowTheLine, after, said }));
`;

function monitorsYaml(count: number): string {
  const lines = ['database:', '  url: sqlite:{{dir}}/tocsin.db', 'defaults:', '  interval: 1h', 'monitors:'];
  for (let i = 0; i < count; i++) lines.push(`  - { id: closed-${i}, type: tcp, host: 127.0.0.1, port: 9 }`);
  return `${lines.join('\n')}\n`;
}

describe("a small install's compilers", () => {
  it('is built', () => expect(built, 'dist/ is missing: run `npm run build` first (npm test does)').toBe(true));

  it.runIf(built)('turned off, stay off below SMALL_INSTALL monitors and come on, once, when the engine reaches it', () => {
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', child], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    const seen = JSON.parse(run.stdout) as { before: boolean; belowTheLine: boolean; after: boolean; said: string[] };
    expect(seen).toMatchObject({ before: false, belowTheLine: false, after: true });
    expect(seen.said).toHaveLength(1);
    expect(seen.said[0]).toMatch(/^1000 monitors: V8's optimizing compilers are now on/);
  });

  it.runIf(built)('are off in the engine `tocsin start` runs for 3 monitors, and on after a reload to 1,000', async () => {
    const tocsin = await startInstance({ yaml: monitorsYaml(3) });
    const engine = enginePid(await tocsin.waitForLog(isReady, 30_000));
    const cmdline = readFileSync(`/proc/${engine}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining(['--no-opt', '--no-sparkplug', '--small-install']));
    writeFileSync(join(tocsin.dir, 'tocsin.yaml'), monitorsYaml(1000).replaceAll('{{dir}}', tocsin.dir));
    tocsin.process.kill('SIGHUP');
    const isOn = (l: LogLine) => typeof l.msg === 'string' && l.msg.includes("V8's optimizing compilers are now on");
    const isReloaded = (l: LogLine) => typeof l.msg === 'string' && l.msg.startsWith('configuration reloaded');
    await tocsin.waitForLog(isReloaded, 30_000);
    // On before the file is read: the supervisor counted its monitors and said so ahead of the SIGHUP.
    expect(tocsin.logs.findIndex(isOn)).toBeGreaterThan(-1);
    expect(tocsin.logs.findIndex(isOn)).toBeLessThan(tocsin.logs.findIndex(isReloaded));
    expect(tocsin.logs.find(isOn)!.msg).toMatch(/^1000 monitors: /);
  });

  it.runIf(built)('are left as they are for an install that starts with 1,000 monitors', async () => {
    const tocsin = await startInstance({ yaml: monitorsYaml(1000) });
    const engine = enginePid(await tocsin.waitForLog(isReady, 30_000));
    const cmdline = readFileSync(`/proc/${engine}/cmdline`, 'utf8').split('\0');
    expect(cmdline).not.toContain('--no-opt');
    expect(cmdline).not.toContain('--small-install');
  });
});
