/** `tocsin ack <monitor>` against a running tocsin on the same database: queued, applied within seconds. */
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerAck } from '../../src/cli/commands/ack.js';
import { TocsinError } from '../../src/lib/errors.js';
import { ackOutcome, queueAck } from '../../src/store/alert-state.js';
import { getMeta } from '../../src/store/meta.js';
import { delivered, eventually, startLive, startTarget, webhooks, type Live, type Target } from './live.js';

let live: Live | undefined;
let web: Target | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await live?.close();
  await web?.close();
  live = undefined;
});

async function ack(...args: string[]): Promise<string> {
  const program = new Command('tocsin').option('-c, --config <file>').exitOverride();
  registerAck(program);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'tocsin', '-c', join(live!.dir, 'tocsin.yaml'), 'ack', ...args]);
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  return out;
}

describe('tocsin ack', () => {
  it('acknowledges a monitor that is down through the running engine, which tells the channels paged', async () => {
    web = await startTarget(503);
    const url = web.url;
    live = await startLive((receiver) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: webhooks(receiver, 'hook'),
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [
        { id: 'web', name: 'Update center', type: 'http', url },
        { id: 'quiet', type: 'http', url: url.replace('/health', '/never-checked'), paused: true },
      ],
    }));
    await eventually(() => delivered(live!.receiver).find((d) => d.event === 'monitor.down'), 'the page');

    expect(await ack('web', '--by', 'Ana')).toBe('Update center acknowledged by Ana: escalation and reminders stop until it recovers\n');
    await eventually(() => delivered(live!.receiver).find((d) => d.event === 'monitor.acknowledged'), 'the acknowledgement');
    expect(await ack('web', '--by', 'Bob')).toBe('Update center was already acknowledged by Ana\n');
    expect(await ack('quiet')).toBe('quiet is pending: there is nothing to acknowledge\n');
    await expect(ack('nope')).rejects.toThrow(TocsinError);
    await expect(ack('nope')).rejects.toThrow('no monitor "nope" in the config (monitors: web, quiet)');
  }, 30_000);

  it('is applied by the running engine at once when told, not on its next turn: applied before the answer', async () => {
    web = await startTarget(503);
    live = await startLive((receiver) => ({
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: webhooks(receiver, 'hook'),
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [{ id: 'web', name: 'Update center', type: 'http', url: web!.url }],
    }));
    await eventually(() => delivered(live!.receiver).find((d) => d.event === 'monitor.down'), 'the page');
    const db = live.tocsin.store.db;
    const url = await getMeta(db, 'engine.url');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const id of ['ack-1', 'ack-2']) {
      const queued = { id, monitorId: 'web', by: 'Ana', via: 'cli' as const, episode: null, tokenId: null, requestedAt: Date.now() };
      expect(await queueAck(db, queued)).toBe(true);
      // Many at once share the reads of the queue; each answers only once its request is committed.
      const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${url}/acks/apply`, { method: 'POST' })));
      expect(answers.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
      expect(await ackOutcome(db, id)).toMatchObject({ outcome: expect.stringContaining(id === 'ack-1' ? 'acknowledged' : 'already') });
    }
  }, 30_000);
});
