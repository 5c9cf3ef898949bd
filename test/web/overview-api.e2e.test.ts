/**
 * GET /api/v1/overview against a running tocsin: the whole overview in one request (every monitor
 * with its state and a target in words, no settings), the worst rows' figures by default, the rows
 * asked for when named, and a clear 400 for a bad list.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';
import { insertResults } from '../../src/store/results.js';
import { upsertStates } from '../../src/store/state.js';

const COUNT = 60;
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const idOf = (i: number) => `job-${String(i).padStart(3, '0')}`;

interface Figures {
  results: { at: number; status: string; message: string }[];
  uptime: { '24h': number | null; '30d': number | null };
  tls_days_left: number | null;
}
interface Answer {
  monitors?: { id: string; target: string; settings?: unknown; state: { status: string } | null; tags: string[] }[];
  figures: Record<string, Figures>;
}

describe('the overview in one request', () => {
  let dir = '';
  let tocsin: Tocsin;
  let get: (path: string) => Promise<Response>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tocsin-overview-'));
    const monitors = Array.from({ length: COUNT }, (_, i) => ({ id: idOf(i), type: 'heartbeat', uuid: uuid(i), period: '1d', tags: ['batch'] }));
    await writeFile(join(dir, 'tocsin.yaml'), stringify({ database: { url: `sqlite:${join(dir, 'tocsin.db')}` }, monitors }));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    const now = Date.now();
    // The last five are down: worst first puts them before the 55 up.
    const down = (i: number) => i >= COUNT - 5;
    await upsertStates(
      tocsin.store.db,
      monitors.map((m, i) => ({
        monitorId: m.id,
        status: down(i) ? 'down' : 'up',
        since: now - 60_000,
        lastAt: now - 1000,
        lastStatus: down(i) ? 'down' : 'up',
        lastMessage: down(i) ? 'no ping for 2 h' : 'ping on time',
        lastLatencyMs: 0,
        updatedAt: now,
      })),
    );
    await insertResults(
      tocsin.store.db,
      monitors.flatMap((m, i) =>
        Array.from({ length: 30 }, (_, k) => ({
          monitorId: m.id,
          at: now - (k + 1) * 60_000,
          status: down(i) && k < 3 ? ('down' as const) : ('up' as const),
          latencyMs: 10,
          message: down(i) && k < 3 ? 'no ping for 2 h' : 'ping on time',
          timings: {},
        })),
      ),
    );
    const ctx = { actor: { kind: 'system' as const, label: 'test' }, now };
    const user = await createUser(tocsin.store.db, { email: 'reader@example.org', role: 'viewer', password: 'a long enough passphrase' }, ctx);
    const { secret } = await createToken(tocsin.store.db, { userId: user.id, name: 'overview', scope: 'read' }, ctx);
    get = (path) => fetch(`http://${tocsin.address}${path}`, { headers: { authorization: `Bearer ${secret}` } });
  }, 60_000);

  afterAll(async () => {
    await tocsin?.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists every monitor with its state and target, without settings', async () => {
    const answer = (await (await get('/api/v1/overview')).json()) as Answer;
    expect(answer.monitors).toHaveLength(COUNT);
    const first = answer.monitors?.find((m) => m.id === idOf(0));
    expect(first).toMatchObject({ target: expect.any(String), tags: ['batch'], state: { status: 'up' } });
    expect(first?.settings).toBeUndefined();
  });

  it('brings the figures of the 40 worst rows: the down ones first, last 20 results newest first, uptime', async () => {
    const answer = (await (await get('/api/v1/overview')).json()) as Answer;
    const ids = Object.keys(answer.figures);
    expect(ids).toHaveLength(40);
    for (let i = COUNT - 5; i < COUNT; i++) expect(ids).toContain(idOf(i));
    const worst = answer.figures[idOf(COUNT - 1)] as Figures;
    expect(worst.results).toHaveLength(20);
    expect(worst.results[0]?.status).toBe('down');
    expect(worst.results[0]!.at).toBeGreaterThan(worst.results[1]!.at);
    expect(worst.uptime['24h']).toBeCloseTo((27 / 30) * 100, 5);
    expect(worst.tls_days_left).toBeNull();
  });

  it('gives only the figures of the rows named when list=0, ignoring ids it does not know', async () => {
    const answer = (await (await get(`/api/v1/overview?list=0&figures=${idOf(1)},${idOf(2)},nobody`)).json()) as Answer;
    expect(answer.monitors).toBeUndefined();
    expect(Object.keys(answer.figures).sort()).toEqual([idOf(1), idOf(2)]);
    expect(answer.figures[idOf(1)]?.uptime['24h']).toBe(100);
  });

  it('refuses more than 200 ids, or a malformed one, naming the field', async () => {
    const many = Array.from({ length: 201 }, (_, i) => `m${i}`).join(',');
    const tooMany = await get(`/api/v1/overview?figures=${many}`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ field: expect.stringContaining('figures') });
    const bad = await get('/api/v1/overview?figures=not%20an%20id');
    expect(bad.status).toBe(400);
    expect((await get('/api/v1/overview?list=maybe')).status).toBe(400);
  });
});
