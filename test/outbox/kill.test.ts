/**
 * A crash between "went down" and "paged" loses nothing: a real process writes notifications and
 * is SIGKILLed while the receiver holds its requests open; a second process on the same SQLite
 * file delivers all of them. Runs the built code: `npm test` builds first (in a dev loop, run
 * `npm run build` before this file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { openStore } from '../../src/store/open.js';
import { listOutbox } from '../../src/store/outbox.js';
import { bodyOf, until } from './harness.js';

const fixture = fileURLToPath(new URL('./fixtures/deliver.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/engine/delivery.js', import.meta.url)));

const children: ChildProcess[] = [];
let receiver: Receiver | undefined;
let dir: string | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

it('delivers every notification after the process is SIGKILLed mid-delivery', async () => {
  expect(built, 'dist/ is missing: run `npm run build` first (npm test does)').toBe(true);
  dir = await mkdtemp(join(tmpdir(), 'tocsin-kill-'));
  const url = `sqlite:${join(dir, 'tocsin.db')}`;
  let holding = true;
  receiver = await startReceiver(() => (holding ? 'hang' : { status: 200 }));
  const first = run([url, receiver.url, '20', '1500']);
  await until(() => receiver!.requests.length >= 4, 15_000);
  first.child.kill('SIGKILL');
  await first.exited;
  expect(first.child.signalCode).toBe('SIGKILL');
  expect(first.output()).not.toContain('delivered 1');

  holding = false;
  const second = run([url, receiver.url, '0', '1500']);
  const store = await openStore(url);
  try {
    await until(async () => (await listOutbox(store.db)).every((r) => r.deliveredAt !== null), 20_000);
    const rows = await listOutbox(store.db);
    expect(rows).toHaveLength(20);
    const seen = new Set(receiver.requests.map((q) => bodyOf(q).id));
    expect([...seen].sort()).toEqual(rows.map((r) => r.id).sort());
  } finally {
    second.child.kill('SIGKILL');
    await second.exited;
    await store.close();
  }
});
