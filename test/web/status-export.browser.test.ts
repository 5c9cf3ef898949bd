/**
 * The static export opens from a plain file server in real Chromium: styled, scripted, its feeds
 * reachable, and not one request leaving that server.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPage } from '../../src/engine/status-export.js';
import { openIncident } from '../../src/services/incidents.js';
import { DAY, NOW, PAGE, seedDays, statusFixture, type Fixture } from './status-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log('browser tests skipped: apt-get install -y chromium');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
};

/** What any dumb file server does: map the path to a file under root, index.html for a directory. */
function fileServer(root: string): Promise<{ server: Server; base: string; served: string[] }> {
  const served: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = join(root, normalize(path.endsWith('/') ? `${path}index.html` : path));
    served.push(path);
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end('not found'),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served });
    }),
  );
}

describe.skipIf(!hasChromium)('the exported status page in Chromium', () => {
  let f: Fixture;
  let dir = '';
  let files: Awaited<ReturnType<typeof fileServer>>;
  let browser: Browser;

  beforeAll(async () => {
    f = await statusFixture();
    await seedDays(f.store, 'update-center', 89, { 5: 200 });
    await seedDays(f.store, 'mirror-a', 60);
    await seedDays(f.store, 'mirror-b', 60);
    await f.setState('update-center', 'degraded', NOW - 20 * 60_000);
    await f.setState('mirror-a', 'up', NOW - 10 * DAY);
    await f.setState('mirror-b', 'up', NOW - 10 * DAY);
    await openIncident(
      { db: f.store.db, now: NOW - 15 * 60_000, pages: [PAGE] },
      {
        page: 'public',
        title: 'Slow plugin downloads',
        body: 'The update center answers in **seconds**, not milliseconds.',
        impact: 'minor',
        components: ['Update center'],
      },
    );
    dir = await mkdtemp(join(tmpdir(), 'tocsin-export-browser-'));
    await exportPage({ db: f.store.db, now: NOW, maintenance: [] }, PAGE, join(dir, 'status'));
    files = await fileServer(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync('screenshots', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => files?.server.close(resolve));
    await f?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders with its own CSS and script under a sub-path, and no request leaves the file server', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const failed: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${files.base}/status/`, { waitUntil: 'load' });
    expect(await page.locator('#banner-h').textContent()).toBe('Degraded performance');
    expect(await page.locator('.post h3').allTextContents()).toEqual(['Slow plugin downloads']);
    expect(await page.locator('.bars').first().locator('li').count()).toBe(90);
    // The style sheet applied: the banner is coloured and the component list is a bordered box.
    expect(await page.evaluate('getComputedStyle(document.querySelector(".banner")).backgroundColor')).toBe('rgb(154, 103, 0)');
    expect(await page.evaluate('getComputedStyle(document.querySelector(".components")).borderTopStyle')).toBe('solid');
    // The script ran: hovering a plain day names it.
    await page.locator('.bars').first().locator('li').nth(10).hover();
    expect(await page.locator('.bars').first().locator('li').nth(10).getAttribute('title')).toMatch(/2026: 100% uptime$/);
    await page.screenshot({ path: 'screenshots/status-export-desktop.png', fullPage: true });
    expect(requests.filter((url) => !url.startsWith(`${files.base}/`))).toEqual([]);
    expect(requests.map((url) => new URL(url).pathname)).toEqual(expect.arrayContaining(['/status/', '/status/assets/status.css', '/status/assets/status.js']));
    expect(failed).toEqual([]);
    await context.close();
  });

  it('links feeds and JSON that the file server has, and the feeds parse as XML', async () => {
    const page = await browser.newPage();
    await page.goto(`${files.base}/status/index.html`);
    const links = await page.locator('footer a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(links).toEqual([`${files.base}/status/feed.rss`, `${files.base}/status/feed.atom`, `${files.base}/status/feed.json`]);
    for (const link of links) {
      const response = await page.request.get(link);
      expect(response.status()).toBe(200);
      if (link.endsWith('.json')) {
        expect(((await response.json()) as { status: { indicator: string } }).status.indicator).toBe('minor');
        continue;
      }
      const errors = await page.evaluate(
        (xml) => new DOMParser().parseFromString(xml, 'application/xml').getElementsByTagName('parsererror').length,
        await response.text(),
      );
      expect(errors).toBe(0);
    }
    await page.close();
  });
});

declare const DOMParser: new () => { parseFromString(text: string, type: string): { getElementsByTagName(name: string): { length: number } } };
