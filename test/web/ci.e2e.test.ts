/**
 * The dashboard's CI page in real Chromium against a real tocsin holding a day of CI jobs whose
 * aws-us-east-2 runners started failing 40 minutes ago: the ci monitor is down with a sentence
 * naming the region, the chart draws one line per region, the table shows the departing rate, and
 * the intakes are listed with their URLs. Screenshots at 1440 and 360 px go to screenshots/ci-*.png.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateJobs, REGIONS } from '../../src/core/ci/testing/generate-day.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { upsertCiJobs } from '../../src/store/ci-jobs.js';
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'ci@example.org';
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!hasChromium)('the CI health page', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    // npm test builds the dashboard first; a build here would empty dist/dashboard under the suites running beside it.
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-ci-page-'));
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      monitors: [
        {
          id: 'ci-regions',
          name: 'CI runners by region',
          type: 'ci',
          interval: '2s',
          group_by: 'runner_label',
          group_labels: REGIONS.map((r) => r.label),
          group_noun: 'regions',
        },
      ],
      ci_intake: { github: { secret: 'github-secret-0123456789' }, json: { token: 'ci-token-0123456789abcdef' } },
    };
    await writeFile(join(dir, 'tocsin.yaml'), stringify(config));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    const now = Date.now();
    const jobs = generateJobs({
      seed: 5,
      start: now - 24 * 3_600_000,
      // Traffic as if it were mid-afternoon now, whatever the clock says: a busy window to judge.
      fromHour: 14,
      faults: [{ label: 'aws-us-east-2', from: now - 40 * 60_000, to: now + 3_600_000, infraRate: 0.3 }],
    }).filter((j) => j.finishedAt <= now);
    for (let i = 0; i < jobs.length; i += 2000) await upsertCiJobs(tocsin.store.db, jobs.slice(i, i + 2000), now);
    await createUser(tocsin.store.db, { email: EMAIL, role: 'editor', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now });
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

  it('shows the departing region in the verdict, the chart and the table', async () => {
    await page.click('#main-nav a[href="/ci"]');
    await page.waitForSelector('#ci-h');
    const verdict = page.locator('section[aria-labelledby=ci-h] p.msg');
    await expect.poll(() => verdict.textContent(), { timeout: 20_000 }).toMatch(/aws-us-east-2 runners: \d+% of \d+ jobs failed in the last 30m/);
    await page.waitForSelector('.chart canvas');
    const legend = await page.locator('.u-legend').textContent();
    for (const region of REGIONS) expect(legend).toContain(region.label);
    const rows = page.locator('table.results tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(REGIONS.length);
    const intakes = page.locator('ul[aria-label="CI intakes"] > li');
    await expect.poll(() => intakes.count()).toBe(5);
    expect(await intakes.filter({ hasText: 'github' }).textContent()).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/ci\/intake\/github/);
    expect(await intakes.filter({ hasText: 'gitlab' }).textContent()).toContain('not configured (ci_intake.gitlab)');
    await page.screenshot({ path: 'screenshots/ci-1440.png', fullPage: true });
  }, 60_000);

  it('fits a 360 px phone without scrolling sideways', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.reload();
    await page.waitForSelector('.chart canvas');
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'screenshots/ci-360.png', fullPage: true });
    const wide = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(wide).toBeLessThanOrEqual(360);
  }, 60_000);
});
