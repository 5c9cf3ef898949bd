/**
 * End to end: real shell scripts with curl, written as the Healthchecks docs write them, against a
 * tocsin listening on 127.0.0.1:0. Proves that a cron job moves over by changing its base URL only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { recentHeartbeatRuns } from '../../src/store/heartbeats.js';
import { recentResults } from '../../src/store/results.js';

const run = promisify(execFile);
const RENEW = '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60';
const HUNG = '7a1c9e20-3b4d-4e5f-8a6b-1c2d3e4f5a6b';

// Exactly the docs' pattern (healthchecks.io/docs/attaching_logs/): run, capture, report $?.
const CERTBOT_STYLE = `#!/bin/bash
url=$1
curl -fsS -m 10 --retry 3 -o /dev/null "$url/start"
m=$(bash -c "$2" 2>&1)
curl -fsS -m 10 --retry 3 -o /dev/null --data-raw "$m" "$url/$?"
`;
// The same with a run id, on the ping-key URL.
const WITH_RUN_ID = `#!/bin/bash
url=$1
rid=$(cat /proc/sys/kernel/random/uuid)
curl -fsS -m 10 --retry 3 -o /dev/null "$url/start?rid=$rid"
bash -c "$2"
status=$?
curl -fsS -m 10 --retry 3 -o /dev/null "$url/$status?rid=$rid"
`;

let dir: string;
let tocsin: Tocsin;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-cron-'));
  writeFileSync(join(dir, 'certbot-style.sh'), CERTBOT_STYLE);
  writeFileSync(join(dir, 'with-run-id.sh'), WITH_RUN_ID);
  writeFileSync(
    join(dir, 'tocsin.yaml'),
    [
      'server:',
      '  ping_key: e2e-ping-key',
      'database:',
      `  url: sqlite:${join(dir, 'tocsin.db')}`,
      'monitors:',
      '  - id: certbot-renew',
      '    type: heartbeat',
      `    uuid: ${RENEW}`,
      '    period: 1d',
      '  - id: nightly-backup',
      '    type: heartbeat',
      '    schedule: "0 2 * * *"',
      '    tz: Europe/Berlin',
      '  - id: ansible-deploy',
      '    type: heartbeat',
      `    uuid: ${HUNG}`,
      '    period: 1d',
      '    max_runtime: 1s',
      '',
    ].join('\n'),
  );
  tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  base = `http://${tocsin.address}`;
});

afterAll(async () => {
  await tocsin?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const script = (name: string, url: string, command: string) => run('bash', [join(dir, name), url, command], { timeout: 20_000 });
const runs = (id: string) => recentHeartbeatRuns(tocsin.store.db, id, 50);

async function resultFor(id: string, matches: RegExp): Promise<{ status: string; message: string }> {
  const until = Date.now() + 15_000;
  for (;;) {
    const rows = await recentResults(tocsin.store.db, id, { limit: 1000 });
    const found = rows.find((r) => matches.test(r.message));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no result for ${id} matching ${matches}; got ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a cron script using Healthchecks URLs', () => {
  it('works unchanged: start, then success with its output as the log', async () => {
    await script('certbot-style.sh', `${base}/ping/${RENEW}`, 'echo "Congratulations, all renewals succeeded"');
    const [start, finish] = await runs('certbot-renew');
    expect(start).toMatchObject({ kind: 'start', method: 'GET' });
    expect(finish).toMatchObject({ kind: 'success', exit_status: 0, method: 'POST', log: 'Congratulations, all renewals succeeded' });
    expect(finish!.duration_ms).toBeGreaterThanOrEqual(0);
    expect(await resultFor('certbot-renew', /^pinged/)).toMatchObject({ status: 'up' });
  });

  it('reports a failing command with its exit status and first line of output', async () => {
    await script('certbot-style.sh', `${base}/ping/${RENEW}`, 'echo "Failed to renew certificate docs.gluster.org" >&2; exit 3');
    expect((await runs('certbot-renew')).at(-1)).toMatchObject({ kind: 'fail', exit_status: 3 });
    const result = await resultFor('certbot-renew', /exit status 3/);
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/failed with exit status 3 at .* Failed to renew certificate docs\.gluster\.org$/);
  });

  it('works on the ping-key URL with run ids', async () => {
    await script('with-run-id.sh', `${base}/ping/e2e-ping-key/nightly-backup`, 'true');
    const [start, finish] = await runs('nightly-backup');
    expect(start!.rid).toMatch(/^[0-9a-f-]{36}$/);
    expect(finish).toMatchObject({ kind: 'success', rid: start!.rid, exit_status: 0, started_at: start!.at });
  });

  it('takes a job that starts and never finishes down at max_runtime', async () => {
    await run('curl', ['-fsS', '-m', '10', '--retry', '3', '-o', '/dev/null', `${base}/ping/${HUNG}/start`]);
    const result = await resultFor('ansible-deploy', /has not finished/);
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^started \S+Z and has not finished after 1s \(max_runtime\)$/);
  });
});
