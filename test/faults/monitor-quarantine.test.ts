/**
 * One monitor whose check blocks the event loop every time it runs (a runaway judge, as `(a+)+b`
 * was on a backtracking engine), in a real `tocsin start`: the restart notice names it, the second
 * freeze quarantines it, and the third engine stays up checking everything else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS_ALLOWED, isBack, selfNotices, startInstance, startTarget, stopAll, tocsinYaml, waitFor, type LogLine, RESULTS } from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
let web: http.Server | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
  web?.closeAllConnections();
  await new Promise((resolve) => web?.close(resolve));
});

const restarted = (l: LogLine) => l.component === 'supervisor' && typeof l.msg === 'string' && l.msg.startsWith('engine restarted');

describe('a monitor that freezes the engine each time it is checked', () => {
  it('is named in the restart notice, quarantined at the second freeze, and the rest keep running', async () => {
    target = await startTarget();
    web = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => web!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/`;
    const tocsin = await startInstance({
      yaml: tocsinYaml({
        targetPort: target.port,
        stallAfter: '2s',
        monitorsExtra: `  - id: slow\n    type: http\n    interval: 1s\n    timeout: 1s\n    url: ${url}\n`,
      }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'block-check:slow=120s' },
    });

    // Silence before the first beat or after one, either way while slow was being checked. A start-up
    // slowed by a loaded machine may restart the engine too; such a restart accuses nobody.
    const accusing = (l: LogLine) => restarted(l) && / while checking (.+ and )?slow$/.test(String(l.reason));
    const first = await tocsin.waitForLog(accusing, 40_000);
    expect(first.quarantine).toEqual([]);
    const second = await tocsin.waitForLog(accusing, 40_000, tocsin.logs.indexOf(first) + 1);
    expect(second.quarantine).toEqual(['slow']);

    // The next engine holds slow back before it checks anything, and does not freeze again.
    const back = await tocsin.waitForLog(isBack, 30_000, tocsin.logs.indexOf(second) + 1);
    const backAt = Number(back.time);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(tocsin.logs.slice(tocsin.logs.indexOf(back)).filter(restarted)).toEqual([]);
    const since = (id: string) =>
      tocsin.query<{ n: number }>(`select count(*) as n from ${RESULTS} where monitor_id = ? and at > ? and missed = 0`, id, backAt)[0]!.n;
    // Results reach the store in batches, and a loaded machine runs fewer checks in 5 s: wait for three.
    await waitFor(
      () => since('local-port') >= 3 || undefined,
      20_000,
      () => `three results of local-port since the engine came back (${since('local-port')} so far)`,
    );
    expect(since('slow')).toBe(0);

    const state = tocsin.query<{ last_message: string }>("select last_message from monitor_state where monitor_id = 'slow'")[0];
    expect(state?.last_message).toMatch(
      /^quarantined since .*: its check was running when the engine froze at two restarts in a row \(.*while checking .*slow.*\); not checked until the monitor is edited or released \(POST \/api\/v1\/monitors\/slow\/release\)$/,
    );
    const notices = await waitFor(() => {
      const found = selfNotices(tocsin)
        .map((n) => JSON.parse(n.payload).message as string)
        .filter((m) => m.includes('quarantined slow'));
      return found.length > 0 ? found : undefined;
    }, 15_000);
    expect(notices[0]).toMatch(
      /^engine restarted: .* while checking .*slow.*; quarantined slow: running at two freezes in a row, not checked until edited or released \(POST \/api\/v1\/monitors\/slow\/release\)$/,
    );
    // Three engine starts or more on two shared cores: up to two minutes.
  }, 120_000);
});
