/**
 * The dashboard's Instances view in real Chromium against two real cluster instances on one
 * PostgreSQL schema of their own, plus two rows of instances that are gone: one stopped cleanly, one
 * whose heartbeat is older than lease_ttl (unreachable). Each card says its state in words, its
 * heartbeat age, version, monitors and duties held; axe finds nothing at 1440 and 360 px.
 * Screenshots: screenshots/instances-1440.png, screenshots/instances-360.png.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { markStopped, registerInstance } from '../../src/store/instances.js';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { buildDashboard } from '../web/browser.js';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL;
const CHROMIUM = '/usr/bin/chromium';
const EMAIL = 'instances@example.org';
const PASSWORD = 'a long enough passphrase';
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const SIZES = [
  { width: 1440, height: 900 },
  { width: 360, height: 740 },
];

/** Elements reaching past the right edge (the page would scroll sideways). */
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed' && !e.closest('[aria-hidden=true], .sr-only'))
    .slice(0, 3)
    .map((e) => 'sideways: ' + e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
})()`;

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate('window.axe.run(document).then((r) => r.violations)')) as Array<{
    id: string;
    help: string;
    nodes: Array<{ target: string[] }>;
  }>;
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} — ${n.target.join(' ')}`));
}

describe.skipIf(!PG || !existsSync(CHROMIUM))('the Instances view of a cluster', () => {
  let dir = '';
  let schema = '';
  let target: Target;
  const instances: Tocsin[] = [];
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    await buildDashboard();
    schema = `tocsin_instances_view_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    target = await startTarget(200);
    dir = await mkdtemp(join(tmpdir(), 'tocsin-instances-view-'));
    const url = new URL(PG!);
    url.searchParams.set('schema', schema);
    for (const name of ['tocsin-a', 'tocsin-b']) {
      const config = {
        database: { url: url.toString() },
        cluster: { enabled: true, instance_name: name, lease_ttl: '5s', renew_every: '1s' },
        defaults: { interval: '5s', timeout: '2s' },
        monitors: Array.from({ length: 6 }, (_, i) => ({ id: `web-${i}`, type: 'http', url: `${target.url}/${i}` })),
      };
      await writeFile(join(dir, `${name}.yaml`), stringify(config));
      instances.push(await startTocsin({ configPath: join(dir, `${name}.yaml`), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' }));
    }
    const db = instances[0]!.store.db;
    const now = Date.now();
    const gone = { pid: 4242, host: 'old-host', version: '0.9.0', checksCompleted: 0, monitorsScheduled: 0, lastResultAt: null, health: [] };
    // Silent for two minutes, never stopped: its presence lease lapsed long ago.
    await registerInstance(db, { ...gone, name: 'tocsin-frozen', startedAt: now - 3_600_000, heartbeatAt: now - 120_000, stoppedAt: null });
    await registerInstance(db, { ...gone, name: 'tocsin-retired', startedAt: now - 7_200_000, heartbeatAt: now - 600_000, stoppedAt: null });
    await markStopped(db, 'tocsin-retired', now - 600_000);
    await createUser(db, { email: EMAIL, role: 'viewer', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now });
    base = `http://${instances[0]!.address}`;
    // Both live and sharing the six monitors before the page is drawn.
    await eventually(
      () => instances.every((t) => (t.cluster?.heldIds().size ?? 0) > 0) && instances.reduce((n, t) => n + t.cluster!.heldIds().size, 0) >= 6,
      'two instances sharing the monitors',
      30_000,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync('screenshots', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const t of instances) await t.stop().catch(() => undefined);
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (PG && schema) {
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });

  for (const size of SIZES) {
    it(`lists every instance with its state, heartbeat age, version, monitors and duties held (${size.width} px)`, async () => {
      const page = await browser.newPage({ viewport: size });
      await page.goto(base);
      await page.fill('input[name=email]', EMAIL);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('#overview-h');
      // The nav leads there (behind the Menu button on a phone).
      if (size.width < 760) await page.click('.menu-button');
      await page.click('nav a[href="/instances"]');
      await page.waitForSelector('[data-instance="tocsin-frozen"]');

      const card = (name: string) => page.locator(`[data-instance="${name}"]`).innerText();
      const [a = '', b = '', frozen = '', retired = ''] = await Promise.all(['tocsin-a', 'tocsin-b', 'tocsin-frozen', 'tocsin-retired'].map(card));
      expect(a).toMatch(/^Live\s+tocsin-a\s+this one/);
      expect(b).toMatch(/^Live\s+tocsin-b/);
      expect(frozen).toMatch(/^Unreachable\s+tocsin-frozen/);
      expect(frozen).toMatch(/No heartbeat for 2 min/);
      expect(frozen).toMatch(/Version\s+0\.9\.0/);
      expect(retired).toMatch(/^Stopped\s+tocsin-retired/);
      expect(retired).toMatch(/Last heartbeat\s+10 min ago/);
      // The monitors (six and the built-in self monitors) split over the two live ones; each duty held by exactly one of them.
      const held = [a, b].map((text) => Number(/Monitors held\s+(\d+)/.exec(text)?.[1]));
      expect(held).toEqual(instances.map((t) => t.cluster!.heldIds().size));
      expect(held.every((n) => n > 0)).toBe(true);
      const duties = [a, b].flatMap((text) => (/Duties held\s+(.+)/.exec(text)?.[1] ?? '').split(', ').filter((d) => d !== 'none'));
      expect(duties.sort()).toEqual(['backups', 'housekeeping']);
      // Live ones first.
      const order = await page.locator('[data-instance]').evaluateAll((els) => els.map((e) => e.getAttribute('data-instance')));
      expect(order.slice(0, 2).sort()).toEqual(['tocsin-a', 'tocsin-b']);

      await page.screenshot({ path: `screenshots/instances-${size.width}.png`, fullPage: true });
      expect([...(await axe(page)), ...((await page.evaluate(OVERFLOW)) as string[])]).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
