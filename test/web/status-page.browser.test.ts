/**
 * The status page in real Chromium (Debian's, driven by playwright-core): banner, bars, dark mode,
 * in-place refresh, phone and desktop screenshots under screenshots/, and the feeds through the
 * browser's strict XML parser.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIncident } from '../../src/services/incidents.js';
import { DAY, NOW, seedDays, statusFixture, type Fixture } from './status-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log('browser tests skipped: apt-get install -y chromium');

describe.skipIf(!hasChromium)('the status page in Chromium', () => {
  let f: Fixture;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    f = await statusFixture({ refreshSeconds: 1 });
    await seedDays(f.store, 'update-center', 89, { 3: 30, 40: 300 });
    await seedDays(f.store, 'mirror-a', 60, { 12: 2 });
    await seedDays(f.store, 'mirror-b', 60);
    await f.setState('update-center', 'up', NOW - 10 * DAY);
    await f.setState('mirror-a', 'down', NOW - 45 * 60_000);
    await f.setState('mirror-b', 'up', NOW - 10 * DAY);
    await openIncident(
      { db: f.store.db, now: NOW - 30 * 60_000, pages: f.config.status_pages },
      {
        page: 'public',
        title: 'Mirror A unreachable',
        body: 'Connections to mirror A time out.\n\n- downloads fall back to mirror B',
        impact: 'major',
        components: ['Mirrors'],
      },
    );
    base = await f.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync('screenshots', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('shows the banner and 90 bars per component, light and dark, on a phone and a desktop', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) external.push(r.url());
    });
    await page.goto(`${base}/status/public`);
    expect(await page.locator('#banner-h').textContent()).toBe('Partial outage');
    expect(await page.locator('.bars').count()).toBe(3);
    expect(await page.locator('.bars').first().locator('li').count()).toBe(90);
    expect(await page.locator('.bars .x').count()).toBeGreaterThan(0);
    const light = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    await page.screenshot({ path: 'screenshots/status-desktop-light.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: 'screenshots/status-desktop-dark.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'screenshots/status-phone-dark.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: 'screenshots/status-phone-light.png', fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth <= 390')).toBe(true);
    expect(external).toEqual([]);
    await context.close();
  });

  it('reaches the eventful bars from the keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/status/public`);
    const seen: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate('document.activeElement.getAttribute("title") || document.activeElement.textContent'));
    }
    expect(seen[0]).toBe('Skip to status');
    expect(seen.some((s) => typeof s === 'string' && /^\d+ \w+ 2026: [\d.]+% uptime/.test(s))).toBe(true);
    await page.close();
  });

  it('updates itself in place when a monitor recovers', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/status/public`);
    await page.evaluate('window.__sameDocument = true');
    await f.setState('mirror-a', 'up', f.clock.now);
    f.clock.now += 2_000;
    await page.locator('.s-partial_outage').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.locator('.st').allTextContents()).toContain('Operational');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await page.close();
  });

  it('serves RSS and Atom that a strict XML parser accepts', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/status/public`);
    for (const [kind, item] of [
      ['rss', 'item'],
      ['atom', 'entry'],
    ] as const) {
      const text = await (await fetch(`${base}/status/public.${kind}`)).text();
      const parsed = await page.evaluate(
        ([xml, tag]) => {
          const doc = new (
            globalThis as unknown as {
              DOMParser: new () => {
                parseFromString(
                  t: string,
                  m: string,
                ): { getElementsByTagName(n: string): { length: number; item(i: number): { textContent: string | null } | null } };
              };
            }
          ).DOMParser().parseFromString(xml, 'application/xml');
          return {
            errors: doc.getElementsByTagName('parsererror').length,
            items: doc.getElementsByTagName(tag).length,
            title: doc.getElementsByTagName('title').item(1)?.textContent ?? null,
          };
        },
        [text, item] as const,
      );
      expect(parsed).toEqual({ errors: 0, items: 1, title: 'Mirror A unreachable (investigating)' });
    }
    await page.close();
  });
});
