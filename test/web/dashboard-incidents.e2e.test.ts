/**
 * The Incidents view in real Chromium against a real tocsin: overdue action items above the list, an
 * incident's timeline, a note added from the form, an action item marked done, the post-mortem draft
 * rendered. Screenshots at 360 and 1440 px.
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
import { addActionItem } from '../../src/services/incident-actions.js';
import { addNote, openByHand } from '../../src/services/incident-response.js';
import { createUser } from '../../src/services/users.js';
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'ic@example.org';
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!hasChromium)('the Incidents view', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  let incidentId = '';

  beforeAll(async () => {
    // npm test builds the dashboard first; a build here would empty dist/dashboard under the suites running beside it.
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-dashboard-incidents-'));
    await writeFile(join(dir, 'tocsin.yaml'), stringify({ database: { url: `sqlite:${join(dir, 'tocsin.db')}` } }));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    const db = tocsin.store.db;
    const ctx = { db, now: Date.now() - 3_600_000, actor: { kind: 'cli' as const, label: 'ana' } };
    await createUser(db, { email: EMAIL, role: 'editor', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now: Date.now() });
    const incident = await openByHand(ctx, { title: 'Mirror database refuses connections', severity: 1, commander: 'ana' });
    incidentId = incident.id;
    await addNote({ ...ctx, now: ctx.now + 60_000 }, incident.id, 'max_connections reached on the primary');
    await addActionItem(ctx, incident.id, { title: 'Alert on connection saturation', owner: 'bob', dueAt: Date.parse('2026-01-15T23:59:59Z') });
    await addActionItem({ ...ctx, now: ctx.now + 1 }, incident.id, {
      title: 'Move runbooks off the wiki',
      owner: 'carol',
      dueAt: Date.parse('2999-01-01T00:00:00Z'),
    });
    await openByHand(ctx, { title: 'Docs build slow', severity: 4 });
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, base, EMAIL, PASSWORD);
    mkdirSync('screenshots', { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists incidents with the overdue action items above them', async () => {
    await page.click('nav >> text=Incidents');
    await page.waitForSelector('[data-overdue]');
    expect(await page.locator('[data-overdue] li').allTextContents()).toEqual([expect.stringContaining('Alert on connection saturation')]);
    expect(await page.locator('[data-incident]').count()).toBe(2);
    await page.screenshot({ path: 'screenshots/incidents-list-1440.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'screenshots/incidents-list-360.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('shows the timeline, takes a note, closes an action item and renders the post-mortem draft', async () => {
    await page.click(`[data-incident="${incidentId}"] a`);
    await page.waitForSelector('[data-timeline]');
    expect(await page.locator('[data-timeline] [data-kind=note] td.msg').textContent()).toBe('max_connections reached on the primary');
    await page.fill('input[aria-label=Note]', 'failed over to the replica');
    await page.click('button:has-text("Add note")');
    await expect.poll(() => page.locator('[data-timeline] [data-kind=note]').count()).toBe(2);
    const late = page.locator('[data-action-item]', { hasText: 'Alert on connection saturation' });
    await late.locator('button:has-text("Done")').click();
    await expect.poll(() => late.locator('.chip').textContent()).toBe('done');
    await page.waitForSelector('[data-postmortem] h1');
    expect(await page.locator('[data-postmortem] h1').textContent()).toBe('Post-mortem: Mirror database refuses connections');
    expect(await page.locator('[data-postmortem] h2').allTextContents()).toContain('Where we got lucky');
    await expect.poll(() => page.locator('[data-postmortem] td', { hasText: 'failed over to the replica' }).count()).toBe(1);
    await page.screenshot({ path: 'screenshots/incident-detail-1440.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: 'screenshots/incident-detail-360.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }, 30_000);
});
