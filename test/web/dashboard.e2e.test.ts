/**
 * The dashboard end to end, as a newcomer uses it: a real tocsin (temp SQLite, 127.0.0.1:0) whose
 * escalation pages a local webhook receiver, a local HTTP server to watch, and Debian's Chromium
 * driven by playwright-core. First-run setup from the logged link, sign in, create an HTTP monitor,
 * see it go up, stop the server, watch it go down live, see the alert reach the webhook, acknowledge
 * it from the UI and see the escalation stop. Screenshots of each main view go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { delivered, eventually, startTarget, webhooks, type Target } from '../alerting/live.js';
import { buildDashboard, hasChromium, launchChromium } from './browser.js';

if (!hasChromium) console.log('dashboard e2e skipped: apt-get install -y chromium');

const EMAIL = 'ana@example.org';
const PASSWORD = 'correct horse battery staple';
/** Long enough that the acknowledgement lands first even on a busy two-core machine. */
const PAGER_AFTER_S = 20;
async function shot(page: Page, name: string): Promise<void> {
  // From the top: a full-page capture of a scrolled page draws the sticky header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `screenshots/dashboard-${name}.png`, fullPage: true });
}

describe.skipIf(!hasChromium)('the dashboard in Chromium against a running tocsin', () => {
  let dir = '';
  let receiver: Receiver;
  let target: Target;
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  const log: string[] = [];

  beforeAll(async () => {
    await buildDashboard();
    receiver = await startReceiver();
    target = await startTarget(200);
    dir = await mkdtemp(join(tmpdir(), 'tocsin-dashboard-'));
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: webhooks(receiver.url, 'hook', 'pager'),
      escalations: { oncall: [{ notify: ['hook'] }, { after: `${PAGER_AFTER_S}s`, notify: ['pager'] }] },
      monitors: [{ id: 'nightly-backup', name: 'Nightly backup', type: 'heartbeat', uuid: '0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60', period: '1d', grace: '1h' }],
      status_pages: [{ slug: 'public', title: 'Example status', components: [{ name: 'Backups', monitors: ['nightly-backup'] }] }],
    };
    await writeFile(join(dir, 'tocsin.yaml'), stringify(config));
    const lines = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log.push(chunk.toString('utf8'));
        done();
      },
    });
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: pino({ level: 'warn' }, lines), listen: '127.0.0.1:0' });
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    mkdirSync('screenshots', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop().catch(() => undefined);
    await target?.close();
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates the first admin from the setup link printed in the log', async () => {
    const link = await eventually(() => log.map((l) => /open (\S+\/setup\?token=[\w-]+)/.exec(l)?.[1]).find(Boolean), 'the setup link in the log');
    await page.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
    await expect.poll(() => page.locator('#setup-h').textContent()).toBe('Welcome to tocsin');
    expect(await page.locator('input[name=token]').inputValue()).toBe(new URL(link).searchParams.get('token'));
    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', PASSWORD);
    await page.fill('input[name=password2]', 'not the same');
    expect(await page.locator('.field.invalid .error-text').textContent()).toBe('the two passwords differ');
    await page.fill('input[name=password2]', PASSWORD);
    await shot(page, 'setup');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#overview-h').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.nav .who').textContent()).toContain(EMAIL);
  });

  it('signs out and in again, and says why a wrong password is refused', async () => {
    await page.click('text=Sign out');
    await page.waitForSelector('#login-h');
    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.problem').count()).toBe(1);
    await shot(page, 'login-refused');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('#overview-h');
  });

  it('creates an HTTP monitor with inline errors from the shared schema, and sees it go up', async () => {
    await page.keyboard.press('n');
    await page.waitForSelector('#edit-h');
    await page.fill('input[name=id]', 'shop');
    await page.fill('input[name=name]', 'Shop front');
    await page.fill('input[name=url]', 'shop.example.org');
    await expect.poll(() => page.locator('.field.invalid').first().textContent()).toContain('expected an http:// or https:// URL');
    await page.fill('input[name=interval]', 'soon');
    await expect.poll(() => page.locator('.field.invalid').count()).toBe(2);
    await shot(page, 'monitor-form-errors');
    await page.fill('input[name=url]', target.url);
    await page.fill('input[name=interval]', '1s');
    await page.fill('input[name=tags]', 'shop, prod');
    await expect.poll(() => page.locator('.field.invalid').count()).toBe(0);
    await page.click('button[type=submit]');
    await page.waitForSelector('#monitor-h');
    expect(new URL(page.url()).pathname).toBe('/monitors/shop');
    await expect.poll(() => page.locator('.titlebar .badge').first().textContent(), { timeout: 15_000 }).toBe('Up');
    await expect.poll(() => page.locator('.results tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await shot(page, 'monitor-up');
    // Editing reads the monitor back into the same form: settings, durations and tags as written.
    await page.keyboard.press('e');
    await page.waitForSelector('#edit-h');
    await expect.poll(() => page.locator('input[name=url]').inputValue()).toBe(target.url);
    expect(await page.locator('input[name=interval]').inputValue()).toBe('1s');
    expect(await page.locator('input[name=tags]').inputValue()).toBe('shop, prod');
    await page.fill('input[name=name]', 'Shop front page');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#monitor-h').textContent(), { timeout: 10_000 }).toBe('Shop front page');
  });

  it('watches the monitor go down live when its server stops, and the alert reaches the webhook', async () => {
    await page.goto(base);
    const row = page.locator('[data-monitor=shop]');
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 15_000 }).toBe('Up');
    await page.evaluate('window.__sameDocument = true');
    await target.close();
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 15_000 }).toBe('Down');
    // No reload happened: the change came over the event stream.
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(await page.locator('#broken-h').textContent()).toBe('Broken right now (1)');
    expect(await row.textContent()).toContain('Shop front page');
    await eventually(
      () => delivered(receiver).find((d) => d.channel === 'hook' && d.event === 'monitor.down' && d.monitor === 'shop'),
      'monitor.down at the webhook',
    );
    // A heartbeat nobody pinged yet says so; it was not "checked".
    expect(await page.locator('[data-monitor=nightly-backup]').textContent()).toContain('no ping yet');
    await page.waitForTimeout(1500); // let a few row figures load for the screenshot
    await shot(page, 'overview-down');
  });

  it('acknowledges the alert from the UI, and the escalation stops', async () => {
    const downAt = Date.now();
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await page.waitForSelector('#alerts-h');
    const card = page.locator('[data-alert=shop]');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    // The card can show before its escalation steps have rendered: wait for them too.
    await expect.poll(() => card.locator('.steps li').count(), { timeout: 10_000 }).toBe(2);
    await shot(page, 'alerts-open');
    await card.locator('button:has-text("Acknowledge")').click();
    await expect.poll(() => card.locator('.chip.ok').textContent(), { timeout: 15_000 }).toContain(`acknowledged by ${EMAIL}`);
    expect(await card.locator('.steps li.stopped').count()).toBe(1);
    await shot(page, 'alerts-acknowledged');
    // Past the moment the pager step would have fired, it has not.
    await page.waitForTimeout(Math.max(0, downAt + (PAGER_AFTER_S + 4) * 1000 - Date.now()));
    expect(delivered(receiver).filter((d) => d.channel === 'pager' && d.monitor === 'shop')).toEqual([]);
    await page.goto(`${base}/monitors/shop`);
    await expect.poll(() => page.locator('[data-testid=escalation] li.stopped').count(), { timeout: 10_000 }).toBe(1);
    await shot(page, 'monitor-down-acknowledged');
  }, 90_000);

  it('shows heartbeats with copyable ping URLs and snippets, channels, status pages and tokens', async () => {
    await page.goto(`${base}/heartbeats`);
    await expect.poll(() => page.locator('.copyline code').first().textContent()).toBe(`${base}/ping/0d6f3c52-6b8e-4f1a-9c3e-2a7b9d1e4f60`);
    await page.click('button[role=tab]:has-text("systemd")');
    expect(await page.locator('.snippet code').textContent()).toContain('OnCalendar=');
    await shot(page, 'heartbeats');
    await page.goto(`${base}/channels`);
    await expect.poll(() => page.locator('[data-channel=hook]').textContent()).toContain('last success');
    await shot(page, 'channels');
    // A webhook channel made from the dashboard is listed beside the file's; its secret input hides what is typed.
    const form = page.locator('form[aria-label="New channel"]');
    await page.click('button:has-text("New channel")');
    await form.locator('input[name=id]').fill('ops-hook');
    await form.locator('select[name=type]').selectOption('webhook');
    await form.locator('input[name=url]').fill(`${receiver.url}/ops-hook`);
    expect(await form.locator('input[name=secret]').getAttribute('type')).toBe('password');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('[data-channel=ops-hook]').textContent(), { timeout: 10_000 }).toContain('webhook');
    await page.goto(`${base}/pages`);
    await expect.poll(() => page.locator('text=Example status').count()).toBeGreaterThan(0);
    await page.click('button:has-text("Post an incident")');
    await page.fill('.subform input >> nth=0', 'Backups delayed');
    await page.fill('.subform textarea', 'The nightly backup is **late**; we are looking into it.');
    await page.check('.subform input[type=checkbox]');
    await page.click('.subform button[type=submit]');
    const incident = page.locator('[data-post]:has-text("Backups delayed")');
    await expect.poll(() => incident.count(), { timeout: 10_000 }).toBe(1);
    await incident.locator('select').selectOption('identified');
    await incident.locator('input[aria-label=Update]').fill('A full disk on the backup host; clearing it.');
    await incident.locator('button:has-text("Post update")').click();
    await expect.poll(() => incident.locator('.chip.warn').textContent(), { timeout: 10_000 }).toBe('identified');
    await shot(page, 'status-pages');
    // The public page shows it: what the dashboard posts is what visitors read.
    await expect.poll(async () => (await (await fetch(`${base}/status/public.json`)).text()).includes('Backups delayed'), { timeout: 10_000 }).toBe(true);
    await page.goto(`${base}/settings`);
    await page.fill('input[placeholder="deploy script"]', 'ci');
    await page.click('button:has-text("Create token")');
    await expect.poll(() => page.locator('.note code').textContent()).toMatch(/^tocsin_/);
    // Who did what is in the browser too: the monitor created above, by the person who created it.
    await expect.poll(() => page.locator('.results tr:has-text("monitor.create")').textContent()).toContain(EMAIL);
    await shot(page, 'settings');
    await page.keyboard.press('?');
    await page.waitForSelector('[role=dialog]');
    await shot(page, 'shortcuts');
    await page.keyboard.press('Escape');
  });

  it('is readable in the dark', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/monitors/shop`);
    await page.waitForSelector('#monitor-h');
    await page.waitForTimeout(800);
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(13, 17, 23)');
    await shot(page, 'monitor-dark');
    await page.goto(base);
    await page.waitForSelector('#overview-h');
    await shot(page, 'overview-dark');
    await page.keyboard.press('t');
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(246, 247, 249)');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/monitors/shop`);
    await page.waitForSelector('#monitor-h');
    await page.waitForTimeout(800);
    expect(await page.evaluate('document.documentElement.scrollWidth <= 390')).toBe(true);
    await shot(page, 'monitor-phone');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('says the server is unreachable instead of going blank when tocsin stops', async () => {
    await page.goto(base);
    await page.waitForSelector('[data-monitor=shop]');
    await tocsin.stop();
    await expect.poll(() => page.locator('.banner.error').textContent(), { timeout: 30_000 }).toContain('tocsin server unreachable — retrying');
    expect(await page.locator('[data-monitor=shop]').count()).toBe(1);
    await shot(page, 'unreachable');
  }, 60_000);
});
