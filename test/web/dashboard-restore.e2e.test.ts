/**
 * Restoring from the dashboard, in real Chromium against a real tocsin: a monitor that has results
 * is removed from tocsin.yaml by a reload with deletions allowed (the sync path tocsin apply and
 * SIGHUP take), listed under Removed beside a removed channel, restored by an admin, and back in
 * the overview with the results it had. A viewer sees why there is nothing to restore.
 * Screenshots go to screenshots/dashboard-restore-*.png.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const ADMIN = 'admin@example.org';
const VIEWER = 'viewer@example.org';
const PASSWORD = 'a long enough passphrase';

interface ResultRow {
  at: number;
  status: string;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `screenshots/dashboard-restore-${name}.png`, fullPage: true });
}

describe.skipIf(!hasChromium)('restoring a removed monitor from the dashboard', () => {
  let dir = '';
  let target: Target;
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  let before: ResultRow[] = [];

  const writeConfig = (withRemovable: boolean) => {
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      defaults: { interval: '2s', timeout: '2s' },
      channels: {
        hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook' },
        ...(withRemovable ? { spare: { type: 'webhook', url: 'http://127.0.0.1:9/spare' } } : {}),
      },
      monitors: [
        { id: 'keep-web', name: 'Front page', type: 'http', url: target.url },
        ...(withRemovable ? [{ id: 'shop-web', name: 'Shop', type: 'http', url: target.url }] : []),
      ],
    };
    return writeFile(join(dir, 'tocsin.yaml'), stringify(config));
  };
  const apiGet = async (path: string) =>
    (await page.evaluate(async (p) => {
      const res = await fetch(p);
      return { status: res.status, body: (await res.json()) as unknown };
    }, path)) as { status: number; body: Record<string, unknown> };
  const results = async (id: string) => ((await apiGet(`/api/v1/monitors/${id}/results?limit=100`)).body.results ?? []) as ResultRow[];

  beforeAll(async () => {
    await buildDashboard();
    target = await startTarget(200);
    dir = await mkdtemp(join(tmpdir(), 'tocsin-dashboard-restore-'));
    await writeConfig(true);
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    const now = Date.now();
    for (const [email, role] of [
      [ADMIN, 'admin'],
      [VIEWER, 'viewer'],
    ] as const) {
      await createUser(tocsin.store.db, { email, role, password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now });
    }
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, base, ADMIN, PASSWORD);
    mkdirSync('screenshots', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop().catch(() => undefined);
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists what an apply removed: the monitor restorable, the channel read-only', async () => {
    before = await eventually(
      async () => {
        const got = await results('shop-web');
        return got.length >= 2 && got;
      },
      'two results of shop-web',
      30_000,
    );
    await writeConfig(false);
    await tocsin.reload({ allowDeletions: true });
    expect((await apiGet('/api/v1/monitors/shop-web')).status).toBe(404);

    await page.click('nav a:has-text("Removed")');
    const row = page.locator('[data-removed="shop-web"]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.locator('td').nth(1).textContent()).toMatch(/ago|just now|now/);
    // Purged after retention.deleted (30 days by default): the date is shown, not left out.
    expect(((await row.locator('td').nth(2).textContent()) ?? '').length).toBeGreaterThan(4);
    expect(await page.locator('[data-removed="keep-web"]').count()).toBe(0);
    const channel = page.locator('[data-removed-object="channel spare"]');
    expect(await channel.count()).toBe(1);
    expect(await channel.locator('button').count()).toBe(0);
    expect(await page.textContent('#main')).toContain('come back by adding them to tocsin.yaml again');
    await shot(page, 'listed');
    // On a phone the tables scroll inside themselves; the page never scrolls sideways.
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(300);
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(360);
    await shot(page, '360-listed');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('restores it as admin: gone from Removed, back in the overview with its earlier results', async () => {
    await page.click('[data-removed="shop-web"] button:has-text("Restore")');
    await expect.poll(() => page.locator('[data-removed="shop-web"]').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.textContent('[data-testid=restored]')).toContain('shop-web');
    expect(await page.locator('[data-removed-object="channel spare"]').count()).toBe(1);
    await shot(page, 'restored');

    await page.click('nav a:has-text("Overview")');
    await expect.poll(() => page.locator('[data-monitor="shop-web"]').count(), { timeout: 15_000 }).toBe(1);
    const after = await results('shop-web');
    for (const earlier of before) expect(after.map((r) => r.at)).toContain(earlier.at);
    // It runs again: a result newer than any from before the removal.
    await eventually(async () => (await results('shop-web')).some((r) => r.at > Math.max(...before.map((b) => b.at))), 'a new result of shop-web', 20_000);

    await page.click('[data-monitor="shop-web"] a');
    await page.waitForSelector('text=Recent results');
    const rows = page.locator('.card:has(h2:has-text("Recent results")) tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(before.length);
    await shot(page, 'detail');
  }, 60_000);

  it('shows a viewer no Removed link and says why the view is empty', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const viewer = await context.newPage();
      await signIn(viewer, base, VIEWER, PASSWORD);
      expect(await viewer.locator('nav a:has-text("Removed")').count()).toBe(0);
      await viewer.goto(`${base}/removed`);
      await viewer.waitForSelector('#removed-h');
      expect(await viewer.textContent('#main')).toContain('Only admins can see and restore removed monitors');
      expect(await viewer.locator('button:has-text("Restore")').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);
});
