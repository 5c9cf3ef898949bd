/**
 * What a small install's engine loads. Each driver tocsin carries costs every engine its heap
 * whether a monitor uses it or not (nodemailer ~1.9 MB, pg ~1.2 MB, markdown-it ~1.2 MB, ldapts
 * ~0.6 MB, ssh2 a 16 MB WebAssembly memory): issue 14 wants a 100-monitor tocsin under 100 MB.
 * A module load hook in the engine lists every module it loads; a running tocsin with a TCP monitor,
 * a webhook channel and a scraped /metrics must have loaded none of the drivers it does not use, no
 * check code of a type it does not run and, on a store that is up to date, no migration. The engine is
 * a bundle whose lazy imports are chunks of their own: the bundle's map tells which sources each holds
 * (module-graph/engine-bundle.ts).
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourcesOf } from '../cli/module-graph/engine-bundle.js';
import { isReady, startInstance, startTarget, stopAll, tempDir, tocsinYaml, waitFor } from '../faults/harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

/** Loaded only where a monitor, a channel, a store or a page needs them; ajv and fast-json-stringify never (src/api/app.ts). */
const ON_DEMAND = [
  'pg',
  'nodemailer',
  'ldapts',
  'markdown-it',
  'mysql2',
  'ioredis',
  'ssh2',
  'ajv',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

/**
 * A hook (registered in each process by --import) appending each module URL it loads to loads.<pid>:
 * ES modules through a loader hook, and what the bundle require()s at run time (packages left out of
 * it) through Module._load, which loader hooks do not see.
 */
function loadHook(dir: string): string {
  const file = JSON.stringify(join(dir, 'loads.'));
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${file} + process.pid, url + '\\n'); return next(url, context); }`;
  const path = join(dir, 'register-hook.mjs');
  writeFileSync(
    path,
    `import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});
const load = Module._load;
Module._load = function (request, parent, isMain) {
  let url = request;
  try { url = pathToFileURL(Module._resolveFilename(request, parent, isMain)).href; } catch {}
  appendFileSync(${file} + process.pid, url + '\\n');
  return load.apply(this, arguments);
};
`,
  );
  return path;
}

/** What the latest engine started in `dir` loaded (its file names the engine's entry). */
function engineLoads(dir: string): string[] {
  const engines = readdirSync(dir)
    .filter((f) => f.startsWith('loads.'))
    .map((f) => ({ f, urls: readFileSync(join(dir, f), 'utf8').split('\n') }))
    .filter(({ urls }) => urls.some((u) => u.endsWith('/supervisor/engine-entry.js')));
  expect(engines.length, 'an engine listed what it loaded').toBeGreaterThan(0);
  for (const { f } of engines) rmSync(join(dir, f));
  return engines.at(-1)!.urls.flatMap(sourcesOf);
}

function packagesOf(urls: readonly string[]): Set<string> {
  return new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => p !== undefined));
}

describe('a small install', () => {
  it('loads no driver, check code or migration it does not use', async () => {
    target = await startTarget();
    const dir = tempDir();
    const tocsin = await startInstance({ dir, yaml: tocsinYaml({ targetPort: target.port }), env: { NODE_OPTIONS: `--import ${loadHook(dir)}` } });
    await tocsin.waitForLog(isReady, 30_000);
    await waitFor(() => tocsin.query('select 1 from results limit 1').length > 0, 20_000);
    const metrics = await fetch(`${tocsin.base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('tocsin_monitor_state{monitor="local-port"');
    const engine = engineLoads(dir);
    const loaded = packagesOf(engine);
    // The hook sees the engine's packages at all: the store's driver and the HTTP server.
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('fastify');
    expect(ON_DEMAND.filter((p) => loaded.has(p))).toEqual([]);
    // Fastify's error replies use fast-json-stringify's serializer; its schema compiler stays unloaded.
    expect(engine.filter((u) => u.endsWith('/fast-json-stringify/index.js'))).toEqual([]);
    // Check code only of the types it runs: TCP here, HTTP and TCP (the check threads' types) always, and its self monitors.
    const checkTypes = new Set(engine.map((u) => /\/checks\/([a-z]+)\/check\.js$/.exec(u)?.[1]).filter(Boolean));
    expect([...checkTypes].sort()).toEqual(['http', 'self', 'tcp']);
    // The fresh store was migrated; a second start on it, up to date, loads no migration.
    expect(engine.some((u) => u.includes('/store/migrations/0001_'))).toBe(true);
    process.kill(-tocsin.process.pid!, 'SIGTERM');
    await tocsin.exited;
    const again = await startInstance({ dir, yaml: tocsinYaml({ targetPort: target.port }), env: { NODE_OPTIONS: `--import ${loadHook(dir)}` } });
    await again.waitForLog(isReady, 30_000);
    expect(engineLoads(dir).filter((u) => /\/store\/migrations\/\d{4}_/.test(u))).toEqual([]);
  }, 90_000);
});
