import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../core/types.js';
import { Phases } from '../phases.js';
import { execCheck } from './check.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/plugins');
const fixture = (name: string) => join(FIXTURES, name);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-exec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('exec check: starting plugins', () => {
  it('reports a program that does not exist', async () => {
    const result = await runExec({ command: ['/usr/lib/nagios/plugins/check_nope', '-H', 'x'] });
    expect(result).toMatchObject({ status: 'down', message: '/usr/lib/nagios/plugins/check_nope: no such file' });
  });

  it('looks a bare program name up in its own PATH only', async () => {
    const result = await runExec({ command: ['check_dummy', '0'] });
    expect(result).toMatchObject({ status: 'down', message: 'check_dummy: not found in PATH; give its full path, e.g. /usr/lib/nagios/plugins/check_dummy' });
    expect(await runExec({ command: ['true'] })).toMatchObject({ status: 'up' });
  });

  it('reports a program without the execute bit', async () => {
    const program = fixture('not_executable.sh');
    const result = await runExec({ command: [program] });
    expect(result).toMatchObject({ status: 'down', message: `${program}: permission denied (is it executable?)` });
  });

  it('reports a working directory that does not exist', async () => {
    const result = await runExec({ command: ['/bin/true'], cwd: join(dir, 'gone') });
    expect(result).toMatchObject({ status: 'down', message: `/bin/true: working directory ${join(dir, 'gone')} does not exist` });
  });

  it('gives the plugin only PATH, LANG, LC_ALL, HOME and the configured variables, in the temp dir', async () => {
    process.env.TOCSIN_EXEC_TEST_SECRET = 'must-not-leak';
    try {
      const result = await runExec({ command: [fixture('env_report.sh')], env: { FOO: 'bar baz' } });
      const home = process.env.HOME ?? homedir();
      expect(result.message).toBe(
        `OK - cwd=${tmpdir()} env: FOO=bar baz HOME=${home} LANG=C LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      );
    } finally {
      delete process.env.TOCSIN_EXEC_TEST_SECRET;
    }
  });

  it('runs the plugin in the configured working directory', async () => {
    const result = await runExec({ command: [fixture('env_report.sh')], cwd: dir });
    expect(result.message).toMatch(new RegExp(`^OK - cwd=${dir} `));
  });

  it('runs the command without a shell', async () => {
    const result = await runExec({ command: ['/bin/echo', 'OK - $HOME; `id` | x=1'] });
    expect(result).toMatchObject({ status: 'up', message: 'OK - $HOME; `id`', metrics: { x: 1 } });
  });

  it('closes stdin, so a plugin that reads it gets end-of-file', async () => {
    const result = await runExec({ command: ['bash', '-c', 'read -r line; echo "OK - read ${#line} bytes"'] });
    expect(result).toMatchObject({ status: 'up', message: 'OK - read 0 bytes' });
  });

  it('names the signal that killed the plugin', async () => {
    const result = await runExec({ command: ['bash', '-c', 'echo "about to die"; kill -KILL $$'] });
    expect(result).toMatchObject({ status: 'down', message: 'bash was killed by SIGKILL: about to die' });
  });

  it('treats an exit code outside 0-3 as unknown', async () => {
    const result = await runExec({ command: ['bash', '-c', 'echo "weird"; exit 5'] });
    expect(result).toMatchObject({ status: 'unknown', message: 'plugin exited with code 5, which is not a Nagios status (0-3): weird' });
  });

  it('never runs more than 64 plugins at once: a run whose deadline passes while all are busy is unknown, not down', async () => {
    const hold = new AbortController();
    const busy = Array.from({ length: 64 }, () => runExec({ command: ['sleep', '30'] }, hold.signal));
    const late = await runExec({ command: ['/bin/true'] }, AbortSignal.timeout(300));
    expect(late).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/^true never started: .*: all 64 child process slots stayed busy until the deadline/),
    });
    hold.abort(new Error('test over'));
    await Promise.all(busy);
    expect(await runExec({ command: ['/bin/true'] })).toMatchObject({ status: 'up' });
  });

  it('records the time spent in the process phase', async () => {
    const result = await runExec({ command: ['/bin/true'] });
    expect(result.timings.process).toBeGreaterThan(0);
    expect(result.latencyMs).toBe(result.timings.total);
  });
});

function runExec(settings: { command: string[]; env?: Record<string, string>; cwd?: string }, signal = new AbortController().signal): Promise<CheckResult> {
  return execCheck.run({ env: {}, ...settings }, { signal, timeoutMs: 10_000, phases: new Phases() });
}
