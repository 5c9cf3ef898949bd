import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { livePluginGroups } from './process-group.js';
import { KILL_GRACE_MS, runProcess } from '../checks/exec/process.js';

describe('the registry of live plugin process groups', () => {
  it("holds a plugin's group while it runs and forgets it once the group is ended", async () => {
    const controller = new AbortController();
    const run = runProcess({ command: ['/bin/sh', '-c', 'sleep 30'], env: { PATH: '/usr/bin:/bin' }, cwd: tmpdir(), signal: controller.signal });
    const until = Date.now() + 5_000;
    let groups: number[] = [];
    while (groups.length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      groups = livePluginGroups();
    }
    expect(groups).toHaveLength(1);
    controller.abort(new Error('timed out after 100 ms'));
    expect(await run).toMatchObject({ kind: 'aborted' });
    await new Promise((r) => setTimeout(r, KILL_GRACE_MS + 500));
    expect(livePluginGroups()).not.toContain(groups[0]);
  });

  it('forgets a plugin that exited by itself', async () => {
    const outcome = await runProcess({
      command: ['/bin/sh', '-c', 'exit 0'],
      env: { PATH: '/usr/bin:/bin' },
      cwd: tmpdir(),
      signal: new AbortController().signal,
    });
    expect(outcome).toMatchObject({ kind: 'exited', code: 0 });
    await new Promise((r) => setTimeout(r, KILL_GRACE_MS + 500));
    expect(livePluginGroups()).toEqual([]);
  });
});
