import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';
import { get, isAlive, isReady, tail, startInstance, startTarget, stopAll, tocsinYaml, waitFor, RESULTS } from './harness.js';

const PLUGIN = resolve(import.meta.dirname, '../fixtures/plugins/ignore_term.sh');

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
let silent: TestListener | undefined;
let resolver: DnsServer | undefined;
afterEach(async () => {
  await stopAll();
  await Promise.all([target?.close(), silent?.close(), resolver?.close()]);
});

function groupAlive(pgid: number): boolean {
  return isAlive(-pgid);
}

describe('targets that hang', () => {
  it('are reported down with the phase they hung in, while the engine stays healthy and is never restarted', async () => {
    target = await startTarget();
    silent = await startSilentListener();
    resolver = await startDnsServer({ mode: 'silent' });
    const monitors = `  - id: never-answers
    type: tcp
    interval: 2s
    timeout: 1s
    host: 127.0.0.1
    port: ${silent.port}
    send: "PING\\r\\n"
    expect:
      contains: PONG
  - id: resolver-never-answers
    type: dns
    interval: 2s
    timeout: 1s
    query: stuck.example.org
    resolver: "${resolver.address}"
  - id: tls-stalls-mid-handshake
    type: tls
    interval: 2s
    timeout: 1s
    host: 127.0.0.1
    port: ${silent.port}
  - id: plugin-ignores-sigterm
    type: exec
    interval: 3s
    timeout: 1s
    command: [${PLUGIN}]
    env:
      PIDFILE: "{{dir}}/plugin.pgid"
`;
    const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port, stallAfter: '2s', monitorsExtra: monitors }) });
    await tocsin.waitForLog(isReady, 20_000);
    const ids = ['never-answers', 'resolver-never-answers', 'tls-stalls-mid-handshake', 'plugin-ignores-sigterm'];
    const latest = await waitFor(
      () => {
        const rows = tocsin.query<{ monitor_id: string; status: string; message: string }>(
          `select monitor_id, status, message from ${RESULTS} where monitor_id in (${ids.map(() => '?').join(',')}) order by at`,
          ...ids,
        );
        const byId = new Map(rows.map((r) => [r.monitor_id, r]));
        return byId.size === ids.length ? byId : undefined;
      },
      20_000,
      () => `a result from every hung monitor; last lines:\n${tail(tocsin.logs)}`,
    );
    for (const id of ids) {
      expect(latest.get(id)!.status).toBe('down');
      // The deadline's words, or the check's own for the phase it waited in: c-ares gives up on the
      // silent resolver at the same 1 s and can be first ("the resolver did not answer for …").
      expect(latest.get(id)!.message).toMatch(/timed out after 1000 ms|no answer|did not answer|within/);
    }

    // The stubborn plugin and its children (own process group) are gone after the deadline.
    const pidfile = join(tocsin.dir, 'plugin.pgid');
    await waitFor(
      () => existsSync(pidfile) || undefined,
      5_000,
      () => 'the plugin to write its pgid',
    );
    const pgid = Number(readFileSync(pidfile, 'utf8').trim());
    await waitFor(
      () => !groupAlive(pgid) || undefined,
      10_000,
      () => `process group ${pgid} to be killed`,
    );

    // Polled checks kept completing: healthy, never restarted.
    expect((await get(`${tocsin.base}/healthz`))?.status).toBe(200);
    expect(tocsin.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('engine restarted'))).toBe(false);
  }, 90_000);
});
