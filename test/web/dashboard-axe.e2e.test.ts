/**
 * axe-core over every dashboard view and the public status page, in light and dark, at 1440 px and
 * 360 px: no violation of any rule axe runs by default (WCAG 2 A/AA and best practices), and no
 * view that scrolls sideways. A real
 * tocsin with monitors up, down, in maintenance and pinged, so the views show what they show at 3am,
 * not empty states. axe.min.js is injected into the page as a script; nothing is mocked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { axe, buildDashboard, hasChromium, launchChromium } from './browser.js';

const EMAIL = 'axe@example.org';
const PASSWORD = 'a long enough passphrase';
const BEAT = '7a1c7a0e-3b2f-4c8d-9e6a-1f2b3c4d5e6f';
const HOUR = 3_600_000;

/** Each view, and the selector that says it has drawn its data (not only its "Loading…" line). */
const VIEWS: [string, string][] = [
  ['/', '[data-monitor="down-db"]'],
  ['/monitors/up-web', '#monitor-h'],
  ['/monitors/down-db', '#monitor-h'],
  ['/monitors/up-web/edit', '#edit-h'],
  ['/monitors/new', '#edit-h'],
  ['/alerts', '[data-alert="down-db"]'],
  ['/maintenance', 'main h1'],
  ['/heartbeats', '.copyline'],
  ['/channels', '[data-channel=hook]'],
  ['/pages', 'main h1'],
  ['/settings', 'main h1'],
  ['/removed', 'main h1'],
];
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 360, height: 740 },
];
const SCHEMES = ['light', 'dark'] as const;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Elements that reach past the right edge of the viewport (the page then scrolls sideways), widest first. */
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll('body *')]
    .map((e) => [e, e.getBoundingClientRect().right])
    .filter(([e, right]) => right > width + 1 && getComputedStyle(e).position !== 'fixed' && !e.closest('[aria-hidden=true], .sr-only'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([e, right]) => 'sideways: ' + e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ends at ' + Math.round(right) + ' px');
})()`;

describe.skipIf(!hasChromium)('axe-core finds nothing on any view, light or dark, desktop or phone', () => {
  let dir = '';
  let target: Target;
  let tocsin: Tocsin;
  let browser: Browser;
  let base = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await buildDashboard();
    target = await startTarget(200);
    const closed = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-axe-'));
    const now = Date.now();
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      defaults: { interval: '1s', timeout: '1s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels: { hook: { type: 'webhook', url: `${target.url}/hook` } },
      escalations: { oncall: [{ notify: ['hook'] }, { after: '1h', notify: ['hook'] }] },
      monitors: [
        { id: 'up-web', name: 'Shop front', type: 'http', url: target.url, group: 'shop', tags: ['prod'] },
        { id: 'down-db', name: 'Orders database', type: 'tcp', host: '127.0.0.1', port: closed, group: 'shop' },
        { id: 'maint-web', name: 'Docs site', type: 'http', url: target.url },
        { id: 'nightly', name: 'Nightly backup', type: 'heartbeat', uuid: BEAT, period: '1d', grace: '1h' },
      ],
      maintenance: [{ name: 'Docs upgrade', start: new Date(now - HOUR).toISOString(), duration: '1d', monitors: ['maint-web'] }],
      status_pages: [
        {
          slug: 'public',
          title: 'Example',
          components: [
            { name: 'Shop', monitors: ['up-web'], group: 'Web' },
            { name: 'Orders', monitors: ['down-db'], group: 'Web' },
            { name: 'Docs', monitors: ['maint-web'] },
          ],
        },
      ],
    };
    await writeFile(join(dir, 'tocsin.yaml'), stringify(config));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    await createUser(tocsin.store.db, { email: EMAIL, role: 'admin', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now });
    base = `http://${tocsin.address}`;
    await fetch(`${base}/ping/${BEAT}`);
    browser = await launchChromium();
    mkdirSync('screenshots', { recursive: true });
    await eventually(
      async () => {
        const res = await fetch(`${base}/status/public.json`);
        const text = await res.text();
        return text.includes('major') || text.includes('down');
      },
      'down-db down on the status page',
      20_000,
    );
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await tocsin?.stop().catch(() => undefined);
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(scheme: (typeof SCHEMES)[number], size: (typeof SIZES)[number]): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: scheme });
    contexts.push(context);
    return context.newPage();
  }

  for (const scheme of SCHEMES) {
    for (const size of SIZES) {
      it(`signed out and in: the login page and every view (${scheme}, ${size.name})`, async () => {
        const page = await open(scheme, size);
        const found: Record<string, string[]> = {};
        await page.goto(base);
        await page.waitForSelector('input[name=email]');
        found['/login'] = [...(await axe(page)), ...((await page.evaluate(OVERFLOW)) as string[])];
        await page.fill('input[name=email]', EMAIL);
        await page.fill('input[name=password]', PASSWORD);
        await page.click('button[type=submit]');
        await page.waitForSelector('#overview-h');
        for (const [path, ready] of VIEWS) {
          await page.goto(`${base}${path}`);
          await page.waitForSelector(ready, { timeout: 15_000 });
          // Rows' figures and charts arrive after the list; let them land so axe sees the full view.
          await page.waitForLoadState('networkidle', { timeout: 2500 }).catch(() => undefined);
          found[path] = [...(await axe(page)), ...((await page.evaluate(OVERFLOW)) as string[])];
        }
        await page.screenshot({ path: `screenshots/axe-removed-${scheme}-${size.name}.png`, fullPage: true });
        const failing = Object.entries(found).filter(([, lines]) => lines.length > 0);
        // The whole list, for reading when the assertion's diff is cut short.
        writeFileSync(`screenshots/axe-${scheme}-${size.name}.json`, JSON.stringify(Object.fromEntries(failing), null, 2));
        expect(Object.fromEntries(failing)).toEqual({});
      }, 180_000);

      it(`the status page (${scheme}, ${size.name})`, async () => {
        const page = await open(scheme, size);
        await page.goto(`${base}/status/public`);
        await page.waitForSelector('h1');
        expect([...(await axe(page)), ...((await page.evaluate(OVERFLOW)) as string[])]).toEqual([]);
        await page.screenshot({ path: `screenshots/axe-status-${scheme}-${size.name}.png`, fullPage: true });
      }, 60_000);
    }
  }
});
