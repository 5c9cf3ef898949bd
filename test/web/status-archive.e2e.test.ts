/**
 * The status page past its 14 days, in Chromium: last month's incident at its permalink and in the
 * history archive, feeds that link there, times in the visitor's zone (UTC without script, UTC on
 * hover), bar tooltips by keyboard and by tap, groups that fold, partial outage in orange, titles
 * that read right, and axe-core finding nothing on the page, a permalink or the archive.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPost, insertUpdate } from '../../src/store/incidents.js';
import { DAY, NOW, PAGE, seedDays, statusFixture, type Fixture } from './status-fixture.js';
import { axe, hasChromium, launchChromium } from './browser.js';

const OLD = 'inc-2026-04-02';

describe.skipIf(!hasChromium)('the status page history, permalinks and reading aids', () => {
  let f: Fixture;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    f = await statusFixture({
      pages: [
        { ...PAGE, title: 'Example Corp status' },
        { slug: 'other', title: 'Other', components: [{ name: 'Else', monitors: ['docs'] }] },
      ],
    });
    await seedDays(f.store, 'update-center', 89, { 3: 30 });
    await seedDays(f.store, 'mirror-a', 60, { 12: 2 });
    await f.setState('update-center', 'up', NOW - 10 * DAY);
    await f.setState('mirror-a', 'down', NOW - 45 * 60_000);
    await f.setState('mirror-b', 'up', NOW - 10 * DAY);
    // Forty days ago: gone from the page's 14 days, kept in the archive.
    const started = NOW - 40 * DAY;
    const post = (id: string, page: string, title: string) => ({
      id,
      page,
      kind: 'incident' as const,
      title,
      impact: 'major' as const,
      status: 'resolved' as const,
      components: ['Mirrors'],
      startsAt: started,
      endsAt: null,
      resolvedAt: started + 3_600_000,
      createdAt: started,
      updatedAt: started + 3_600_000,
    });
    await insertPost(f.store.db, post(OLD, 'public', 'Mirror sync stalled'));
    await insertUpdate(f.store.db, OLD, { id: 'u1', status: 'investigating', body: 'Mirrors serve **old** files.', at: started });
    await insertUpdate(f.store.db, OLD, { id: 'u2', status: 'resolved', body: 'Sync restarted.', at: started + 3_600_000 });
    await insertPost(f.store.db, post('inc-other', 'other', 'Not on this page'));
    base = await f.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('keeps last month’s incident at its permalink, listed in the archive, but not on the 14-day page', async () => {
    const page = await (await fetch(`${base}/status/public`)).text();
    expect(page).not.toContain('Mirror sync stalled');
    expect(page).toContain('<a href="public/history">Incident and maintenance history</a>');
    const history = await fetch(`${base}/status/public/history`);
    expect(history.status).toBe(200);
    const archive = await history.text();
    expect(archive).toContain(`<a href="incidents/${OLD}">Mirror sync stalled</a>`);
    expect(archive).toContain('<h2>Apr 2026</h2>');
    expect(archive).not.toContain('Not on this page');
    const permalink = await fetch(`${base}/status/public/incidents/${OLD}`);
    expect(permalink.status).toBe(200);
    const text = await permalink.text();
    expect(text).toContain('<title>Mirror sync stalled · Example Corp status</title>');
    expect(text).toContain('Mirrors serve <strong>old</strong> files.');
    expect(text).toContain('<a href="../../public">← Example Corp status</a>');
  });

  it('answers 404 for an unknown post, a post of another page and an unknown page', async () => {
    expect((await fetch(`${base}/status/public/incidents/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/status/public/incidents/inc-other`)).status).toBe(404);
    expect((await fetch(`${base}/status/nowhere/incidents/${OLD}`)).status).toBe(404);
    expect((await fetch(`${base}/status/nowhere/history`)).status).toBe(404);
  });

  it('titles the page once as a status page, and feeds link each item to its permalink', async () => {
    const page = await (await fetch(`${base}/status/public`)).text();
    expect(page).toContain('<title>Partial outage · Example Corp status</title>');
    expect(page).toContain('<h1>Example Corp status</h1>');
    expect((await (await fetch(`${base}/status/other`)).text()).match(/<title>[^<]*<\/title>/)?.[0]).toBe(
      '<title>All systems operational · Other status</title>',
    );
    // The feeds carry what the page shows (14 days), so a post within them is made for this check.
    await insertPost(f.store.db, {
      id: 'inc-recent',
      page: 'public',
      kind: 'incident',
      title: 'Docs slow',
      impact: 'minor',
      status: 'resolved',
      components: ['Documentation'],
      startsAt: NOW - DAY,
      endsAt: null,
      resolvedAt: NOW - DAY + 600_000,
      createdAt: NOW - DAY,
      updatedAt: NOW - DAY + 600_000,
    });
    f.clock.now += 60_000;
    // The cache answers at once and re-renders behind: the second look sees the new post.
    const feed = async (kind: string) => (await fetch(`${base}/status/public.${kind}`)).text();
    await expect.poll(() => feed('rss')).toContain('inc-recent');
    const rss = await feed('rss');
    expect(rss).toContain('<link>https://status.example.org/status/public/incidents/inc-recent</link>');
    expect(rss).toContain('<title>Example Corp status</title>');
    const atom = await (await fetch(`${base}/status/public.atom`)).text();
    expect(atom).toContain('href="https://status.example.org/status/public/incidents/inc-recent"');
    const html = await (await fetch(`${base}/status/public`)).text();
    expect(html).toContain('<a href="public/incidents/inc-recent">Docs slow</a>');
  });

  it('shows times in the visitor’s zone with UTC on hover, and in UTC without script', async () => {
    const tokyo = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    const page = await tokyo.newPage();
    await page.goto(`${base}/status/public/incidents/${OLD}`);
    const first = page.locator('time').first();
    await expect.poll(() => first.getAttribute('title')).toMatch(/ UTC$/);
    // 40 days before 12 May 2026 14:30 UTC is 2 Apr 14:30 UTC: 23:30 in Tokyo.
    expect(await first.textContent()).toContain('23:30');
    expect(await first.textContent()).not.toContain('UTC');
    await tokyo.close();
    const noScript = await browser.newContext({ javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' });
    const plain = await noScript.newPage();
    await plain.goto(`${base}/status/public/incidents/${OLD}`);
    expect(await plain.locator('time').first().textContent()).toBe('2 Apr 2026 14:30 UTC');
    await noScript.close();
  });

  it('reads each day bar from the keyboard and by tap, and folds a group away', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/status/public`);
    const bars = page.locator('#c-update-center .bars li');
    // One tab stop per strip: the latest eventful day; arrows move between days.
    await expect.poll(() => page.locator('#c-update-center .bars li[tabindex="0"]').count()).toBe(1);
    const stop = page.locator('#c-update-center .bars li[tabindex="0"]');
    await stop.focus();
    await expect.poll(() => page.locator('.tip').textContent()).toMatch(/^\d+ \w+ 2026: [\d.]+% uptime/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.tip').textContent()).toMatch(/: 100% uptime$/);
    await page.keyboard.press('Escape');
    expect(await page.locator('.tip').count()).toBe(0);
    await bars.nth(85).tap();
    await expect.poll(() => page.locator('.tip').count()).toBe(1);
    await page.screenshot({ path: 'screenshots/status-bar-tooltip-phone.png', fullPage: true });
    const mirrors = page.locator('#c-mirrors');
    expect(await mirrors.isVisible()).toBe(true);
    await page.locator('details.grp > summary').click();
    expect(await mirrors.isVisible()).toBe(false);
    expect(await page.locator('details.grp > summary').textContent()).toContain('Partial outage');
    await context.close();
  });

  it('shows days spent in a planned window as maintenance, recurring ones too, not as "no data"', async () => {
    // Documentation has no results at all: before this, each of its days read "no data".
    f.config.maintenance.push(
      { name: 'Docs rebuild', start: NOW - 5 * DAY - (NOW % DAY) + 3_600_000, duration: 7_200_000, tz: 'UTC', monitors: ['docs'], announce_on: [] },
      { name: 'Weekly docs reindex', start: NOW - 30 * DAY, schedule: '0 3 * * SUN', duration: 3_600_000, tz: 'UTC', monitors: ['docs'], announce_on: [] },
    );
    f.clock.now += 120_000;
    const docsBars = async () => {
      const html = await (await fetch(`${base}/status/public`)).text();
      return /<li class="c" id="c-documentation">.*?<ol class="bars"[^>]*>(.*?)<\/ol>/.exec(html)?.[1] ?? '';
    };
    await expect.poll(async () => (await docsBars()).match(/class=m /g)?.length ?? 0).toBeGreaterThan(4);
    const bars = [...(await docsBars()).matchAll(/<li([^>]*)>/g)].map((m) => m[1] ?? '');
    // Five days ago (bar 84 of 90): the one-off window, named in the day's label.
    expect(bars[84]).toContain('class=m');
    expect(bars[84]).toContain('Docs rebuild');
    // Sundays of the last 30 days: 10 May, 3 May, 26 Apr and 19 Apr 2026.
    expect(bars.filter((b) => b.includes('Weekly docs reindex'))).toHaveLength(4);
    // A day without results or a window still says so.
    expect(bars[81]).toBe(' class=n');
    f.config.maintenance.length = 0;
  });

  it('colours a partial outage orange and a major one red', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/status/public`);
    expect(await page.evaluate('getComputedStyle(document.querySelector(".banner")).backgroundColor')).toBe('rgb(188, 76, 0)');
    expect(await page.evaluate('getComputedStyle(document.querySelector("#c-mirrors .st")).color')).toBe('rgb(188, 76, 0)');
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`leaves axe-core nothing to report on the page, a permalink and the archive (${scheme})`, async () => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      const found: Record<string, string[]> = {};
      for (const path of ['/status/public', `/status/public/incidents/${OLD}`, '/status/public/history']) {
        await page.goto(`${base}${path}`);
        await page.waitForSelector('h1');
        found[path] = await axe(page);
      }
      await page.screenshot({ path: `screenshots/status-history-${scheme}.png`, fullPage: true });
      expect(found).toEqual({ '/status/public': [], [`/status/public/incidents/${OLD}`]: [], '/status/public/history': [] });
      await context.close();
    });
  }
});
