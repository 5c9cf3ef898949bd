import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { judgeExit, send } from './send.js';
import { render } from './render.js';

const dir = mkdtempSync(join(tmpdir(), 'tocsin-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const options = { channel: 'pager-hook', timeoutMs: 5000 };

async function groupGone(pgid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('command send', () => {
  it('hands the event JSON to a script that reads stdin, with only a minimal environment', async () => {
    const out = join(dir, 'stdin.json');
    const reader = script('reader.sh', 'cat > "$1"\necho "secret=${TOCSIN_TEST_SECRET:-unset} event=$TOCSIN_EVENT"');
    process.env.TOCSIN_TEST_SECRET = 'leaked';
    const run = render(notification(), { type: 'command', command: [reader, out] }, context);
    const outcome = await send(run, { type: 'command', command: [reader, out] }, options);
    delete process.env.TOCSIN_TEST_SECRET;
    expect(outcome).toEqual({ ok: true, status: 0, detail: 'exit 0: secret=unset event=monitor.down' });
    expect(readFileSync(out, 'utf8')).toBe(run.stdin);
  });

  it('reports a non-zero exit as temporary with what the script said', async () => {
    const failing = script('failing.sh', 'echo "pager service unreachable" >&2\nexit 3');
    const outcome = await send({ argv: [failing], stdin: '{}', env: {} }, { type: 'command', command: [failing] }, options);
    expect(outcome).toEqual({ ok: false, permanent: false, status: 3, error: `pager-hook (${failing}): exited with status 3: pager service unreachable` });
  });

  it('succeeds for a program that never reads its stdin', async () => {
    const ignoring = script('ignoring.sh', 'exit 0');
    expect(await send({ argv: [ignoring], stdin: 'x'.repeat(1 << 20), env: {} }, { type: 'command', command: [ignoring] }, options)).toMatchObject({
      ok: true,
    });
  });

  it('reports a program that does not exist as permanent', async () => {
    const missing = join(dir, 'no-such-program');
    expect(await send({ argv: [missing], stdin: '', env: {} }, { type: 'command', command: [missing] }, options)).toEqual({
      ok: false,
      permanent: true,
      error: `pager-hook (${missing}): cannot run: ENOENT`,
    });
  });

  it('kills the whole process group of a script that ignores SIGTERM once the deadline passes', async () => {
    const pidFile = join(dir, 'stubborn.pid');
    const stubborn = script('stubborn.sh', `trap '' TERM\necho $$ > "$1"\nsleep 30 &\nwait`);
    const started = Date.now();
    const outcome = await send(
      { argv: [stubborn, pidFile], stdin: '', env: {} },
      { type: 'command', command: [stubborn, pidFile] },
      { ...options, timeoutMs: 300 },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toEqual({ ok: false, permanent: false, error: `pager-hook (${stubborn}): did not finish within 300 ms; its process group was killed` });
    const pgid = Number(readFileSync(pidFile, 'utf8'));
    expect(await groupGone(pgid)).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    const sleeper = script('sleeper.sh', 'sleep 30');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await send({ argv: [sleeper], stdin: '', env: {} }, { type: 'command', command: [sleeper] }, { ...options, signal: controller.signal });
    expect(outcome).toMatchObject({ ok: false, permanent: false, error: `pager-hook (${sleeper}): aborted; its process group was killed` });
  });
});

describe('judgeExit', () => {
  it.each([
    [0, null, 'sent\n', { ok: true, status: 0, detail: 'exit 0: sent' }],
    [0, null, '', { ok: true, status: 0, detail: 'exit 0' }],
    [1, null, 'a\nboom\n\n', { ok: false, permanent: false, status: 1, error: 'hook (x): exited with status 1: boom' }],
    [null, 'SIGSEGV', '', { ok: false, permanent: false, error: 'hook (x): was killed by SIGSEGV' }],
  ] as const)('judges exit %s signal %s', (code, signal, output, expected) => {
    expect(judgeExit('hook (x)', code, signal, output)).toEqual(expected);
  });
});
