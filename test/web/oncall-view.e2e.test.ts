/**
 * The dashboard's On call view in real Chromium against a real tocsin: who is on call now and next
 * per schedule, an override shown as one, a schedule with nobody on call, the calendar feed address;
 * no sideways scrolling on a 360 px phone. Screenshots at 360 and 1440 px.
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
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'ops@example.org';
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!hasChromium)('the On call view', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    // npm test builds the dashboard first; a build here would empty dist/dashboard under the suites running beside it.
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-oncall-view-'));
    const now = Date.now();
    const today = new Date(now).toISOString().slice(0, 10);
    await writeFile(
      join(dir, 'tocsin.yaml'),
      stringify({
        database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
        channels: { a: { type: 'webhook', url: 'http://127.0.0.1:9/a' }, b: { type: 'webhook', url: 'http://127.0.0.1:9/b' } },
        people: { alice: { name: 'Alice Martin', channels: ['a'] }, bob: { name: 'Bob Okafor', channels: ['b'] } },
        schedules: {
          primary: {
            name: 'Primary on-call',
            time_zone: 'Europe/London',
            handoff: '00:00',
            layers: [{ name: 'weekly', rotation: 'weekly', start: today, members: ['alice', 'bob'] }],
            overrides: [{ person: 'bob', start: new Date(now - 3_600_000).toISOString(), end: new Date(now + 3_600_000).toISOString(), reason: 'swap' }],
          },
          databases: {
            name: 'Database experts',
            time_zone: 'Australia/Sydney',
            // A month ahead: on 31 December from 13:00 UTC, "next 1 January" had already begun in Sydney.
            layers: [{ name: 'daily', rotation: 'daily', start: new Date(now + 30 * 86_400_000).toISOString().slice(0, 10), members: ['alice'] }],
          },
        },
      }),
    );
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    await createUser(tocsin.store.db, { email: EMAIL, role: 'viewer', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now });
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, base, EMAIL, PASSWORD);
    mkdirSync('screenshots', { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is in the navigation and shows who is on call now and next per schedule', async () => {
    await page.click('nav a[href="/oncall"], header a[href="/oncall"]');
    await expect.poll(() => page.locator('[data-testid=oncall-now-primary]').textContent(), { timeout: 15_000 }).toContain('Bob Okafor (override: swap)');
    expect(await page.locator('[data-testid=oncall-next-primary]').textContent()).toContain('Alice Martin');
    expect(await page.locator('[data-testid=oncall-now-databases]').textContent()).toBe('Nobody');
    expect(await page.locator('[data-testid=oncall-next-databases]').textContent()).toContain('Alice Martin');
    await page.screenshot({ path: 'screenshots/oncall-1440.png', fullPage: true });
  }, 30_000);

  it('gives the calendar feed address, and the feed answers with the schedule', async () => {
    await page.locator('section[aria-label="Schedule Primary on-call"] button', { hasText: 'Calendar feed' }).click();
    const feed = await page.locator('section[aria-label="Schedule Primary on-call"] input').inputValue();
    expect(feed).toMatch(/\/api\/v1\/schedules\/primary\/calendar\.ics\?token=/);
    const response = await fetch(feed);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('SUMMARY:On call: Bob Okafor (Primary on-call)');
  }, 30_000);

  it('fits a 360 px phone without scrolling sideways', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=oncall-now-primary]').textContent(), { timeout: 15_000 }).toContain('Bob Okafor');
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: 'screenshots/oncall-360.png', fullPage: true });
  }, 30_000);
});
