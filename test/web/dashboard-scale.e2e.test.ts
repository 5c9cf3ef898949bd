/**
 * The overview with 10,000 monitors in real Chromium against a real tocsin: the list renders only
 * the rows in view, scrolls to the last monitor, and search and filters stay quick.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Status } from '../../src/core/types.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { upsertStates } from '../../src/store/state.js';
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const COUNT = 10_000;
const EMAIL = 'ops@example.org';
const PASSWORD = 'a long enough passphrase';

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const idOf = (i: number) => `job-${String(i).padStart(5, '0')}`;
/** Every 500th monitor down, every 250th otherwise degraded: 40 problems among 10,000. */
const statusOf = (i: number): Status => (i % 500 === 0 ? 'down' : i % 250 === 0 ? 'degraded' : 'up');

describe.skipIf(!hasChromium)('the overview with 10,000 monitors', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-dashboard-scale-'));
    // Heartbeats a day apart: 10,000 monitors the engine holds without running anything.
    const monitors = Array.from({ length: COUNT }, (_, i) => ({
      id: idOf(i),
      type: 'heartbeat',
      uuid: uuid(i),
      period: '1d',
      tags: [i % 2 ? 'odd' : 'even'],
      group: `rack-${i % 20}`,
    }));
    await writeFile(join(dir, 'tocsin.yaml'), stringify({ database: { url: `sqlite:${join(dir, 'tocsin.db')}` }, monitors }));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    const now = Date.now();
    await upsertStates(
      tocsin.store.db,
      monitors.map((m, i) => {
        const status = statusOf(i);
        return {
          monitorId: m.id,
          status,
          since: now - i * 1000,
          lastAt: now - 1000,
          lastStatus: status,
          lastMessage: status === 'up' ? 'ping on time' : `no ping for ${(i % 7) + 1} h`,
          lastLatencyMs: 0,
          updatedAt: now,
        };
      }),
    );
    await createUser(tocsin.store.db, { email: EMAIL, role: 'viewer', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now });
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, base, EMAIL, PASSWORD);
    mkdirSync('screenshots', { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists every monitor, worst first, while drawing only the rows in view', async () => {
    await expect.poll(() => page.locator('#overview-h ~ .muted').textContent(), { timeout: 60_000 }).toContain('10,000 monitors · 40 broken');
    // The broken-now panel fills most of the first screen, so only the first rows show below it.
    const rows = await page.locator('.vrow').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(100);
    expect(await page.locator('.vrow .badge').first().textContent()).toBe('Down');
    expect(await page.locator('#broken-h').textContent()).toBe('Broken right now (40)');
    await page.screenshot({ path: 'screenshots/dashboard-10k-overview.png' });
  }, 90_000);

  it('scrolls to the last monitor and still draws only a screenful', async () => {
    const started = Date.now();
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    // Worst first, then longest-standing: the newest "up" state ends the list.
    await expect.poll(() => page.locator('.vrow').last().textContent(), { timeout: 10_000 }).toContain('job-00001');
    expect(await page.locator('.vrow').count()).toBeLessThan(100);
    // Generous: other suites share the two cores; a janky list takes far longer than this.
    expect(Date.now() - started).toBeLessThan(10_000);
    await page.screenshot({ path: 'screenshots/dashboard-10k-scrolled.png' });
  });

  it('finds one monitor among 10,000 by search, and filters by tag and state on the server', async () => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.fill('#search', 'job-09999');
    await expect.poll(() => page.locator('.vrow').count(), { timeout: 5000 }).toBe(1);
    await page.fill('#search', '');
    await page.goto(`${base}/?state=down&tag=even`);
    await expect.poll(() => page.locator('#overview-h ~ .muted').textContent(), { timeout: 30_000 }).toContain('20 monitors · 20 broken');
    await page.screenshot({ path: 'screenshots/dashboard-10k-filtered.png' });
  }, 60_000);
});
