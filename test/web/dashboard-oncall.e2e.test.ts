/**
 * The dashboard during a mass outage, as the on-call engineer uses it at 3 a.m., in real Chromium
 * against a real tocsin: 24 shop pages answering HTTP 500, a database down with two dependants,
 * three replicas refusing connections. The tab counts what is down, "Broken right now" groups by
 * cause, every row has a bead strip readable by keyboard, the Alerts view filters and acknowledges
 * or silences many at once, silences are ended and extended, windows planned, edited and deleted,
 * and no view scrolls sideways on a 360 px phone. Screenshots at 360, 390 and 1440 px.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'night@example.org';
const PASSWORD = 'a long enough passphrase';
const SHOPS = 24;
/** Shops, the database and its two dependants, three replicas. */
const DOWN = SHOPS + 3 + 3;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!hasChromium)('the dashboard during a mass outage', () => {
  let dir = '';
  let receiver: Receiver;
  let failing: Target;
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';

  const shot = async (name: string) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `screenshots/dashboard-oncall-${name}.png`, fullPage: true });
  };
  const api = async <T>(path: string): Promise<T> => (await page.evaluate(async (p) => (await fetch(p)).json(), path)) as T;

  beforeAll(async () => {
    await buildDashboard();
    receiver = await startReceiver();
    failing = await startTarget(500);
    const closed = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-dashboard-oncall-'));
    const tcp = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'tcp', host: '127.0.0.1', port: closed, ...extra });
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      defaults: { interval: '2s', timeout: '2s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: { hook: { type: 'webhook', url: `${receiver.url}/hook` } },
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [
        ...Array.from({ length: SHOPS }, (_, i) => ({
          id: `shop-${String(i).padStart(2, '0')}`,
          name: `Shop ${i} storefront with a long name`,
          type: 'http',
          url: `${failing.url}?shop=${i}`,
          group: 'shops',
          tags: ['eu'],
        })),
        tcp('core-db', { name: 'Core database' }),
        tcp('checkout', { name: 'Checkout', depends_on: ['core-db'] }),
        tcp('invoices', { name: 'Invoices', depends_on: ['checkout'] }),
        ...['a', 'b', 'c'].map((r) => tcp(`replica-${r}`, { name: `Replica ${r}`, group: 'db' })),
      ],
    };
    await writeFile(join(dir, 'tocsin.yaml'), stringify(config));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    await createUser(tocsin.store.db, { email: EMAIL, role: 'editor', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now: Date.now() });
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, base, EMAIL, PASSWORD);
    mkdirSync('screenshots', { recursive: true });
    await eventually(
      async () =>
        (await api<{ alerts: { monitor_id: string }[] }>('/api/v1/alerts')).alerts.filter((a) => !a.monitor_id.startsWith('tocsin-self')).length === DOWN,
      `${DOWN} open alerts`,
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop().catch(() => undefined);
    await failing?.close();
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts what is down in the tab title', async () => {
    // tocsin's own self monitors may be down too on a loaded machine: the title counts what the API says.
    const down = async () =>
      Object.values((await api<{ states: Record<string, { status: string }> }>('/api/v1/states')).states).filter((s) => s.status === 'down').length;
    await expect.poll(async () => (await page.title()) === `(${await down()}) tocsin`, { timeout: 35_000 }).toBe(true);
    expect(await page.title()).toMatch(/^\((\d+)\) tocsin$/);
    expect(Number(/\d+/.exec(await page.title())?.[0])).toBeGreaterThanOrEqual(DOWN);
  }, 40_000);

  it('groups "Broken right now" by cause, with counts, and by group on request', async () => {
    await page.goto(base);
    const groups = page.locator('.brokenlist > .group-row');
    await expect.poll(() => groups.count(), { timeout: 15_000 }).toBe(3);
    const summaries = await groups.locator('summary strong').allTextContents();
    expect(summaries[0]).toBe(`${SHOPS} monitors: HTTP 500 from …, expected 200–399`);
    expect(summaries[1]).toBe('3 monitors: connection refused by …');
    expect(summaries[2]).toBe('3 monitors: waiting on core-db');
    await groups.first().locator('summary').click();
    expect(await groups.first().locator('[data-broken]').count()).toBe(SHOPS);
    await shot('broken-by-cause');
    await page.click('.broken button:has-text("Group")');
    // The checkout chain has no group (nor do tocsin's self monitors, should one be failing on a loaded machine).
    await expect.poll(() => page.locator('.brokenlist > .group-row summary strong').first().textContent()).toBe(`${SHOPS} monitors: group shops`);
    const labels = await page.locator('.brokenlist > .group-row summary strong').allTextContents();
    expect(labels).toContain('3 monitors: group db');
    expect(labels).toContainEqual(expect.stringMatching(/^\d+ monitors: no group$/));
  });

  it('draws a bead strip of recent results on each row and on the detail page, readable by keyboard', async () => {
    // A row loads its results once, when it comes into view: on a loaded machine wait until there are three to draw.
    await eventually(
      async () => (await api<{ results: unknown[] }>('/api/v1/monitors/core-db/results?limit=3')).results.length >= 3,
      'three results of core-db',
      30_000,
    );
    await page.goto(base);
    // Rows load their results once in view.
    await page.fill('#search', 'core-db');
    const strip = page.locator('[data-monitor="core-db"] .beads');
    await expect.poll(() => strip.locator('.bead').count(), { timeout: 15_000 }).toBeGreaterThan(2);
    expect(await strip.locator('.bead.b-down').count()).toBe(await strip.locator('.bead').count());
    const last = strip.locator('.bead[tabindex="0"]');
    await last.focus();
    await expect.poll(() => last.locator('.tip').isVisible()).toBe(true);
    expect(await last.locator('.tip').textContent()).toMatch(/Down · \d+ ms · connection refused by 127\.0\.0\.1:\d+$/);
    await page.keyboard.press('ArrowLeft');
    const focused = await page.evaluate('document.activeElement?.getAttribute("aria-label")');
    expect(focused).toMatch(/Down · /);
    expect(await strip.locator('.bead[tabindex="0"]').count()).toBe(1);
    await page.screenshot({ path: 'screenshots/dashboard-oncall-bead-tooltip.png' });
    await page.goto(`${base}/monitors/core-db`);
    await expect.poll(() => page.locator('[data-testid=detail-beads] .bead').count(), { timeout: 10_000 }).toBeGreaterThan(2);
  });

  it('filters the Alerts view and acknowledges every alert shown in two taps', async () => {
    await page.goto(`${base}/alerts`);
    await expect.poll(() => page.locator('[data-alert]:not([data-alert^="tocsin-self"])').count(), { timeout: 15_000 }).toBe(DOWN);
    await page.fill('input[aria-label="Search alerts"]', 'HTTP 500');
    await expect.poll(() => page.locator('[data-alert]').count()).toBe(SHOPS);
    await page.check('input[name=select-all]');
    await page.click(`.bulkbar button:has-text("Acknowledge ${SHOPS}")`);
    await expect.poll(() => page.locator('[data-alert] .chip.ok').count(), { timeout: 30_000 }).toBe(SHOPS);
    const alerts = (await api<{ alerts: { monitor_id: string; acknowledged: unknown }[] }>('/api/v1/alerts')).alerts;
    expect(
      alerts
        .filter((a) => a.acknowledged)
        .map((a) => a.monitor_id)
        .sort(),
    ).toEqual(Array.from({ length: SHOPS }, (_, i) => `shop-${String(i).padStart(2, '0')}`));
    await shot('alerts-acknowledged');
  }, 60_000);

  it('acknowledges a whole cause from the overview on a phone in two taps', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(base);
    const chain = page.locator('.group-row:has-text("waiting on core-db")');
    await expect.poll(() => chain.count(), { timeout: 15_000 }).toBe(1);
    await chain.locator('summary').click();
    await chain.locator('button:has-text("Acknowledge all 3")').click();
    const acked = async () =>
      (await api<{ alerts: { monitor_id: string; acknowledged: unknown }[] }>('/api/v1/alerts')).alerts.filter(
        (a) => ['core-db', 'checkout', 'invoices'].includes(a.monitor_id) && a.acknowledged,
      ).length;
    await expect.poll(acked, { timeout: 30_000 }).toBe(3);
    await expect.poll(() => chain.locator('[data-marker=acknowledged]').count(), { timeout: 15_000 }).toBe(3);
    await page.screenshot({ path: 'screenshots/dashboard-oncall-360-group-acknowledged.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${base}/alerts`);
  }, 60_000);

  it('silences the replicas at once, then ends one silence and extends another', async () => {
    await page.fill('input[aria-label="Search alerts"]', 'replica');
    await expect.poll(() => page.locator('[data-alert]').count()).toBe(3);
    await page.check('input[name=select-all]');
    await page.selectOption('select[aria-label="Silence the selected for"]', '1h');
    await page.click('.bulkbar button:has-text("Silence 3")');
    await expect.poll(() => page.locator('[data-alert] [data-marker=silenced]').count(), { timeout: 20_000 }).toBe(3);
    await page.goto(`${base}/maintenance`);
    const silences = page.locator('[data-testid=silences] [data-window]');
    await expect.poll(() => silences.count(), { timeout: 10_000 }).toBe(3);
    const windows = await api<{ windows: { id: string; monitors: string[]; start: number; duration: number }[] }>('/api/v1/maintenance');
    const of = (monitor: string) => windows.windows.find((w) => w.monitors.includes(monitor));
    const a = of('replica-a');
    const b = of('replica-b');
    await page.locator(`[data-window="${a?.id}"] button:has-text("End now")`).click();
    await expect.poll(async () => (await api<{ state: { silenced: boolean } }>('/api/v1/monitors/replica-a')).state.silenced, { timeout: 15_000 }).toBe(false);
    await expect.poll(() => page.locator(`[data-window="${a?.id}"]`).count(), { timeout: 10_000 }).toBe(0);
    await page.locator(`[data-window="${b?.id}"] button:has-text("Extend 1 h")`).click();
    await expect
      .poll(async () => (await api<{ windows: { id: string; duration: number }[] }>('/api/v1/maintenance')).windows.find((w) => w.id === b?.id)?.duration, {
        timeout: 10_000,
      })
      .toBe(2 * 3_600_000);
    await expect.poll(async () => (await api<{ state: { silenced: boolean } }>('/api/v1/monitors/replica-b')).state.silenced).toBe(true);
    await shot('maintenance-silences');
  }, 60_000);

  it('ends a silence and silences again from the monitor page', async () => {
    await page.goto(`${base}/monitors/replica-c`);
    const controls = page.locator('[data-testid=silence-controls]');
    await expect.poll(() => controls.textContent(), { timeout: 10_000 }).toContain('silence ends in');
    await controls.locator('button:has-text("End silence")').click();
    await expect.poll(async () => (await api<{ state: { silenced: boolean } }>('/api/v1/monitors/replica-c')).state.silenced, { timeout: 15_000 }).toBe(false);
    await page.reload();
    await page.waitForSelector('#monitor-h');
    await page.selectOption('select[aria-label="Silence replica-c for"]', '30m');
    await page.click('.titlebar button:has-text("Silence")');
    await expect.poll(async () => (await api<{ state: { silenced: boolean } }>('/api/v1/monitors/replica-c')).state.silenced, { timeout: 15_000 }).toBe(true);
    await page.reload();
    await expect.poll(() => page.locator('.titlebar [data-marker=silenced]').count(), { timeout: 10_000 }).toBe(1);
    await shot('monitor-silenced');
    await page.goto(`${base}/maintenance`);
  }, 60_000);

  it('plans a maintenance window, edits it and deletes it', async () => {
    await page.click('button:has-text("New window")');
    const form = page.locator('form[aria-label="New maintenance window"]');
    await form.locator('input[name=name]').fill('Database upgrade');
    await form.locator('input[name=start]').fill('2030-01-05T02:00');
    await form.locator('input[name=duration]').fill('2h');
    await form.locator('select[name=monitors]').selectOption(['core-db', 'checkout']);
    await form.locator('button[type=submit]').click();
    const row = page.locator('[data-testid=windows] [data-window]:has-text("Database upgrade")');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.locator('button:has-text("Edit")').click();
    const edit = page.locator('form[aria-label="Edit Database upgrade"]');
    expect(await edit.locator('input[name=duration]').inputValue()).toBe('2h');
    await edit.locator('input[name=name]').fill('Database upgrade, part 1');
    await edit.locator('input[name=duration]').fill('3h');
    await edit.locator('button[type=submit]').click();
    const edited = page.locator('[data-testid=windows] [data-window]:has-text("Database upgrade, part 1")');
    await expect.poll(() => edited.textContent(), { timeout: 10_000 }).toContain('for 3h');
    await shot('maintenance-edited');
    page.once('dialog', (dialog) => void dialog.accept());
    await edited.locator('button:has-text("Delete")').click();
    await expect.poll(() => page.locator('[data-testid=windows] [data-window]:has-text("Database upgrade")').count(), { timeout: 10_000 }).toBe(0);
    expect((await api<{ windows: { name: string }[] }>('/api/v1/maintenance')).windows.map((w) => w.name)).not.toContain('Database upgrade, part 1');
  }, 60_000);

  it('never scrolls sideways on a 360 px phone, and opens its menu', async () => {
    const views = [
      '/',
      '/alerts',
      '/heartbeats',
      '/maintenance',
      '/channels',
      '/pages',
      '/settings',
      '/monitors/core-db',
      '/monitors/shop-00/edit',
      '/monitors/new',
    ];
    for (const width of [360, 390]) {
      await page.setViewportSize({ width, height: 780 });
      for (const view of views) {
        await page.goto(`${base}${view}`);
        await page.waitForSelector('main h1');
        await page.waitForTimeout(400);
        const name = view === '/' ? 'overview' : view.slice(1).replaceAll('/', '-');
        if (width === 360 || view === '/') await page.screenshot({ path: `screenshots/dashboard-oncall-${width}-${name}.png`, fullPage: true });
        const wide = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        expect(wide, `${view} at ${width} px`).toBeLessThanOrEqual(width);
      }
    }
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${base}/`);
    expect(await page.locator('#main-nav').isVisible()).toBe(false);
    await page.click('button.menu-button');
    expect(await page.locator('#main-nav').isVisible()).toBe(true);
    await page.screenshot({ path: 'screenshots/dashboard-oncall-360-menu.png' });
    await page.click('#main-nav a:has-text("Alerts")');
    await page.waitForSelector('#alerts-h');
    expect(await page.locator('#main-nav').isVisible()).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 120_000);
});
