/**
 * What a small install's engine loads. Each driver tocsin carries costs every engine its heap
 * whether a monitor uses it or not (nodemailer ~1.9 MB, pg ~1.2 MB, markdown-it ~1.2 MB, ldapts
 * ~0.6 MB, ssh2 a 16 MB WebAssembly memory): issue 14 wants a 100-monitor tocsin under 100 MB.
 * A module load hook in the engine lists every module it loads; a running tocsin with a TCP monitor,
 * a webhook channel and a scraped /metrics must have loaded none of the drivers it does not use.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isReady, startInstance, startTarget, stopAll, tempDir, tocsinYaml, waitFor } from '../faults/harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

/** Loaded only where a monitor, a channel, a store or a page needs them. */
const ON_DEMAND = ['pg', 'nodemailer', 'ldapts', 'markdown-it', 'mysql2', 'ioredis', 'ssh2'];

/** A hook (registered in each process by --import) appending each module URL it loads to loads.<pid>. */
function loadHook(dir: string): string {
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(join(dir, 'loads.'))} + process.pid, url + '\\n'); return next(url, context); }`;
  const path = join(dir, 'register-hook.mjs');
  writeFileSync(path, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`);
  return path;
}

function packagesOf(urls: readonly string[]): Set<string> {
  return new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => p !== undefined));
}

describe('a small install', () => {
  it('loads no database driver, mail library, LDAP client or Markdown renderer it does not use', async () => {
    target = await startTarget();
    const dir = tempDir();
    const tocsin = await startInstance({ dir, yaml: tocsinYaml({ targetPort: target.port }), env: { NODE_OPTIONS: `--import ${loadHook(dir)}` } });
    await tocsin.waitForLog(isReady, 30_000);
    await waitFor(() => tocsin.query('select 1 from results limit 1').length > 0, 20_000);
    const metrics = await fetch(`${tocsin.base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('tocsin_monitor_state{monitor="local-port"');
    const engine = readdirSync(dir)
      .filter((f) => f.startsWith('loads.'))
      .map((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
      .find((urls) => urls.some((u) => u.endsWith('/supervisor/engine-entry.js')));
    expect(engine, 'the engine listed what it loaded').toBeDefined();
    const loaded = packagesOf(engine!);
    // The hook sees the engine's packages at all: the store's driver and the HTTP server.
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).toContain('fastify');
    expect(ON_DEMAND.filter((p) => loaded.has(p))).toEqual([]);
  }, 60_000);
});
