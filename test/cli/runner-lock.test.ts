/**
 * One runner per store, with real `tocsin start` processes (the built CLI): a second start on the same
 * database refuses, naming the process that holds it, and changes nothing; the lock dies with its
 * holder, so a start after a SIGKILL takes over at once. On SQLite, and on PostgreSQL in a schema of
 * its own when TOCSIN_TEST_POSTGRES_URL names a server.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { acquireRunnerLock, probeRunnerLock } from '../../src/store/runner-lock.js';
import { enginePid, isReady, startInstance, startTarget, stopAll, tail, tempDir, tocsinYaml, type Instance, type StartSpec } from '../faults/harness.js';
import { runCli } from './run-cli.js';

const postgresUrl = process.env.TOCSIN_TEST_POSTGRES_URL;

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await stopAll();
  await target?.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function started(spec: StartSpec): Promise<{ tocsin: Instance; pid: number }> {
  const tocsin = await startInstance(spec);
  return { tocsin, pid: enginePid(await tocsin.waitForLog(isReady, 45_000)) };
}

/** The second start's whole output, once it has exited. */
async function refused(spec: StartSpec): Promise<{ code: number | null; output: string }> {
  const second = await startInstance(spec);
  const { code } = await second.exited;
  return { code, output: second.logs.map((l) => String(l.msg ?? '')).join('\n') };
}

function killGroup(tocsin: Instance): Promise<unknown> {
  process.kill(-tocsin.process.pid!, 'SIGKILL');
  return tocsin.exited;
}

describe('one tocsin start per SQLite file', () => {
  it('refuses a second start on the same file, naming the pid and host that hold it, and changes nothing', { timeout: 90_000 }, async () => {
    target = await startTarget();
    const yaml = tocsinYaml({ targetPort: target.port });
    const { tocsin: first, pid } = await started({ yaml });
    const db = join(first.dir, 'tocsin.db');
    expect(first.logs.some((l) => l.msg === `no database at ${db}: created a new one (a fresh install)`)).toBe(true);

    const second = await refused({ yaml, dir: first.dir });
    expect(second.code).toBe(5);
    expect(second.output).toContain(`tocsin: another tocsin is already running on ${db} (pid ${pid} on ${hostname()} holds ${db}.lock)`);
    expect(second.output).toContain('nothing was changed');
    // The store knows one runner only: the second never registered.
    expect(first.query<{ pid: number }>('select pid from instances')).toEqual([{ pid }]);
  });

  it('lets a new start take over at once when the holder was SIGKILLed', { timeout: 90_000 }, async () => {
    target = await startTarget();
    const yaml = tocsinYaml({ targetPort: target.port });
    const { tocsin: first, pid } = await started({ yaml });
    await killGroup(first);

    const { tocsin: next, pid: nextPid } = await started({ yaml, dir: first.dir });
    expect(nextPid).not.toBe(pid);
    const status = await runCli(['-c', join(next.dir, 'tocsin.yaml'), 'status', '--json']);
    expect(JSON.parse(status.stdout).tocsin).toMatchObject({ state: 'checking', instance: { pid: nextPid } });
  });
});

describe.skipIf(!postgresUrl)('one tocsin start per PostgreSQL schema', () => {
  it('refuses a second start on the same schema naming the pid that holds it, and takes over after a SIGKILL', { timeout: 120_000 }, async () => {
    target = await startTarget();
    const url = await schemaUrl();
    const spec = { yaml: tocsinYaml({ targetPort: target.port }), env: { TOCSIN_DATABASE_URL: url } };
    const { tocsin: first, pid } = await started(spec);

    const second = await refused({ ...spec, dir: first.dir });
    expect(second.code, tail(first.logs)).toBe(5);
    expect(second.output).toContain(
      `tocsin: another tocsin is already running on ${url} (tocsin pid ${pid} on ${hostname()} holds its lock, PostgreSQL backend `,
    );

    await killGroup(first);
    const { pid: nextPid } = await started({ ...spec, dir: first.dir });
    expect(nextPid).not.toBe(pid);
  });
});

describe('the runner lock within one process', () => {
  async function holdAndProbe(url: string, where: string): Promise<void> {
    const store = await openStore(url);
    try {
      await migrate(store.db);
      expect(await probeRunnerLock(url, store.db)).toBe('free');
      const lock = await acquireRunnerLock(url, { pid: 4242, host: 'here' }, silentLogger());
      expect(await probeRunnerLock(url, store.db)).toBe('held');
      await expect(acquireRunnerLock(url, { pid: 1, host: 'there' }, silentLogger())).rejects.toThrow(`another tocsin is already running on ${where}`);
      // Neither the probe nor the refused attempt took it away from its holder.
      expect(await probeRunnerLock(url, store.db)).toBe('held');
      await lock.release();
      expect(await probeRunnerLock(url, store.db)).toBe('free');
      await (await acquireRunnerLock(url, { pid: 1, host: 'there' }, silentLogger())).release();
    } finally {
      await store.close();
    }
  }

  it('is held by one holder at a time, probed without being taken, and free once released (SQLite)', async () => {
    const db = join(tempDir(), 'tocsin.db');
    await holdAndProbe(`sqlite:${db}`, `${db} (pid 4242 on here holds ${db}.lock)`);
  });

  it.skipIf(!postgresUrl)('is held by one holder at a time, probed without being taken, and free once released (PostgreSQL)', async () => {
    const url = await schemaUrl();
    await holdAndProbe(url, `${url} (tocsin pid 4242 on here holds its lock`);
  });
});

async function schemaUrl(): Promise<string> {
  const schema = `tocsin_lock_${randomBytes(5).toString('hex')}`;
  await admin(`create schema ${schema}`);
  cleanups.push(() => admin(`drop schema ${schema} cascade`));
  const url = new URL(postgresUrl!);
  url.searchParams.set('schema', schema);
  return url.toString();
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
