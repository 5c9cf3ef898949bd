/**
 * `tocsin incident …` run beside a running tocsin on the same database: each write nudges the engine
 * (POST /incidents/changed at the address it announced), so the status page shows a post or a public
 * update on the very next request, and dashboards watching /api/v1/events hear of every open, note,
 * state change and resolution within a second — not at the next reload. Without the engine's address
 * the page stays as it was cached, which is what the nudge fixes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { registerIncident } from '../../src/cli/commands/incident.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { getMeta, setMeta } from '../../src/store/meta.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { eventually } from '../alerting/live.js';

let dir = '';
let tocsin: Tocsin;
let base = '';
let token = '';
const heard: Array<{ type: string; at: number }> = [];
const stream = new AbortController();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-cli-nudge-'));
  await writeFile(
    join(dir, 'tocsin.yaml'),
    stringify({
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      monitors: [{ id: 'mirror', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h' }],
      status_pages: [{ slug: 'public', title: 'Example', components: [{ name: 'Mirrors', monitors: ['mirror'] }] }],
    }),
  );
  tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  base = `http://${tocsin.address}`;
  const ctx = { actor: { kind: 'system' as const, label: 'test' }, now: Date.now() };
  const user = await createUser(tocsin.store.db, { email: 'ops@example.org', role: 'viewer', password: 'a long enough passphrase' }, ctx);
  token = (await createToken(tocsin.store.db, { userId: user.id, name: 'events', scope: 'read' }, ctx)).secret;
  void listen();
  await eventually(() => heard.some((e) => e.type === 'hello'), 'the event stream');
}, 60_000);

afterAll(async () => {
  stream.abort();
  await tocsin?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What a dashboard hears on /api/v1/events, with when it heard it. */
async function listen(): Promise<void> {
  try {
    const response = await fetch(`${base}/api/v1/events`, { headers: { authorization: `Bearer ${token}` }, signal: stream.signal });
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const match of decoder.decode(value).matchAll(/^event: (\w+)$/gm)) heard.push({ type: match[1]!, at: Date.now() });
    }
  } catch {
    // Aborted at the end.
  }
}

async function cli(...args: string[]): Promise<string> {
  const program = new Command('tocsin').option('-c, --config <file>').exitOverride();
  registerIncident(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'tocsin', '-c', join(dir, 'tocsin.yaml'), 'incident', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

const statusJson = async () => (await fetch(`${base}/status/public.json`)).text();

/** Runs the command and returns how long after it finished the dashboards heard of it (ms), or undefined. */
async function timed(...args: string[]): Promise<{ out: string; heardAfterMs: number }> {
  const before = heard.filter((e) => e.type === 'incident').length;
  const out = await cli(...args);
  const done = Date.now();
  const event = await eventually(() => heard.filter((e) => e.type === 'incident')[before], `an incident event after ${args.join(' ')}`, 5000);
  return { out, heardAfterMs: event.at - done };
}

describe('CLI incident changes reach the running engine at once', () => {
  it('shows a status page post opened and updated by the CLI on the next request', async () => {
    expect(await statusJson()).not.toContain('Mirrors slow');
    const opened = await timed('open', 'public', '--title', 'Mirrors slow', '--body', 'Downloads time out.', '--component', 'Mirrors');
    expect(await statusJson()).toContain('Mirrors slow');
    expect(opened.heardAfterMs).toBeLessThan(1000);
    const postId = /incident (\S+) on "public"/.exec(opened.out)![1]!;

    const response = await timed('open', 'Mirror disk full on mirror-3', '--sev', '2', '--component', 'Mirrors');
    expect(response.heardAfterMs).toBeLessThan(1000);
    const id = /^opened (inc_\S+)/.exec(response.out)![1]!;
    expect((await timed('set', id, '--post', postId)).heardAfterMs).toBeLessThan(1000);
    expect((await timed('note', id, 'rsync of mirror-3 filled /srv; pruning old ISOs')).heardAfterMs).toBeLessThan(1000);

    const identified = await timed('identify', id);
    expect(identified.out).toContain('status page "public" updated: identified');
    expect(identified.heardAfterMs).toBeLessThan(1000);
    const page = await statusJson();
    expect(page).toContain('We have identified the cause of the problem affecting Mirrors and are working on a fix.');
    expect(page).not.toContain('rsync of mirror-3');

    const resolved = await timed('resolve', id, '--public', 'Mirrors are back to full speed.');
    expect(resolved.heardAfterMs).toBeLessThan(1000);
    const html = await (await fetch(`${base}/status/public`)).text();
    expect(html).toContain('Mirrors are back to full speed.');
    const view = (await (await fetch(`${base}/api/v1/response-incidents/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      incident: { state: string };
    };
    expect(view.incident.state).toBe('resolved');
  }, 30_000);

  it('spaces a flood of nudges: fifty at once cost one re-read and one event per 100 ms, not fifty', async () => {
    const url = await getMeta(tocsin.store.db, 'engine.url');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = heard.filter((e) => e.type === 'incident').length;
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(`${url}/incidents/changed`, { method: 'POST' })));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 204));
    const elapsed = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const events = heard.filter((e) => e.type === 'incident').length - before;
    expect(events).toBeGreaterThanOrEqual(1);
    expect(events).toBeLessThanOrEqual(1 + Math.ceil(elapsed / 100));
    expect(events).toBeLessThan(10);
  }, 30_000);

  it('without the engine’s address, the cached page is what visitors get until it re-checks', async () => {
    const url = await getMeta(tocsin.store.db, 'engine.url');
    expect(url).toBeDefined();
    await statusJson();
    await setMeta(tocsin.store.db, 'engine.url', 'http://127.0.0.1:9');
    try {
      await cli('open', 'public', '--title', 'Docs mirror lagging', '--body', 'Docs are a day old.');
      expect(await statusJson()).not.toContain('Docs mirror lagging');
    } finally {
      await setMeta(tocsin.store.db, 'engine.url', url!);
    }
  }, 30_000);
});
