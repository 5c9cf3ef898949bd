/** A ping resumes a heartbeat paused through the API, through the same audited writer; others stay as they are. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import type { Config } from '../../src/schema/config.js';
import { openTestStore, type TestStore } from './stores.js';
import type { Actor } from '../../src/api/auth/access.js';
import { createMonitor, setMonitorPaused, type MonitorWriterDeps } from '../../src/services/monitors-api.js';
import { listMonitors } from '../../src/store/monitors.js';
import { resumeOnPing } from '../../src/services/ping-resume.js';

const EDITOR: Actor = { kind: 'user', id: 'u1', label: 'ed@example.org', role: 'editor', scope: 'write', viaCookie: false };

let store: TestStore | undefined;
let now = Date.UTC(2026, 11, 4);
afterEach(async () => {
  await store?.drop();
  store = undefined;
});

async function writers(): Promise<MonitorWriterDeps & { changes: number }> {
  store = await openTestStore('sqlite', 'resume');
  const loaded = loadConfigText(
    'monitors:\n  - { id: from-file, type: heartbeat, period: 1h, paused: true, uuid: 3a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d }\n',
    't.yaml',
    {},
  );
  if (!loaded.ok) throw new Error('fixture config invalid');
  const config: Config = loaded.config;
  const deps = { db: store.store.db, clock: { now: () => now }, config: () => config, changes: 0, onChanged: async () => void deps.changes++ };
  return deps;
}

const pausedOf = async (deps: MonitorWriterDeps, id: string) =>
  ((await listMonitors(deps.db)).find((row) => row.id === id)?.definition as { paused: boolean } | undefined)?.paused;

describe('resumeOnPing', () => {
  it('unpauses an API-owned heartbeat through the monitors writer and re-applies monitors', async () => {
    const deps = await writers();
    await createMonitor(deps, EDITOR, { id: 'nightly', type: 'heartbeat', period: '1h', uuid: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d' });
    await setMonitorPaused(deps, EDITOR, 'nightly', true);
    const before = deps.changes;
    expect(await resumeOnPing(deps)('nightly')).toBe(true);
    expect(await pausedOf(deps, 'nightly')).toBe(false);
    expect(deps.changes).toBe(before + 1);
  });

  it('answers false and changes nothing for a monitor it may not resume', async () => {
    const deps = await writers();
    expect(await resumeOnPing(deps)('no-such-monitor')).toBe(false);
    expect(await resumeOnPing(deps)('from-file')).toBe(false);
    expect(deps.changes).toBe(0);
  });

  it('remembers a refusal for a minute, so pings to a file-paused heartbeat stay cheap, then looks again', async () => {
    const deps = await writers();
    const resume = resumeOnPing(deps);
    expect(await resume('later')).toBe(false);
    await createMonitor(deps, EDITOR, { id: 'later', type: 'heartbeat', period: '1h', uuid: '4a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', paused: true });
    expect(await resume('later')).toBe(false);
    expect(await pausedOf(deps, 'later')).toBe(true);
    now += 60_000;
    expect(await resume('later')).toBe(true);
    expect(await pausedOf(deps, 'later')).toBe(false);
  });
});
