import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enginePid, isAlive, isBack, isReady, startInstance, startTarget, stopAll, tail, tocsinYaml, waitFor } from './harness.js';

const PLUGIN = resolve(import.meta.dirname, '../fixtures/plugins/ignore_term.sh');

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

describe('plugins of an engine that dies', () => {
  it('are killed by the supervisor, children included, instead of running on unwatched', async () => {
    target = await startTarget();
    // A plugin that ignores SIGTERM and runs until its 5 s deadline; the engine dies 1.5 s into it.
    const monitors = `  - id: stubborn-plugin
    type: exec
    interval: 6s
    timeout: 5s
    command: [${PLUGIN}]
    env:
      PIDFILE: "{{dir}}/plugin.pgid"
`;
    const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port, stallAfter: '2s', monitorsExtra: monitors }) });
    const ready = await tocsin.waitForLog(isReady, 20_000);
    const pidfile = join(tocsin.dir, 'plugin.pgid');
    await waitFor(
      () => existsSync(pidfile) || undefined,
      15_000,
      () => 'the plugin to write its process group id',
    );
    const pgid = Number(readFileSync(pidfile, 'utf8').trim());
    expect(isAlive(-pgid)).toBe(true);
    // Let a heartbeat carry the group to the supervisor (one a second).
    await new Promise((r) => setTimeout(r, 1_500));

    process.kill(enginePid(ready), 'SIGKILL');
    await tocsin.waitForLog(isBack, 30_000);
    await waitFor(
      () => !isAlive(-pgid) || undefined,
      5_000,
      () => `process group ${pgid} to be killed; last lines:\n${tail(tocsin.logs)}`,
    );
    const line = tocsin.logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('killed 1 plugin process group'));
    expect(line?.msg).toBe(`killed 1 plugin process group the engine left behind (${pgid})`);
  }, 60_000);
});
