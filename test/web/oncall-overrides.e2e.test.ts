/**
 * In real Chromium against a real tocsin: an editor adds an override to a schedule from the On call
 * view (who, from, until, typed in the schedule's time zone), sees it take over "on call now", is
 * told what is wrong with a bad or overlapping one, and removes it. And a monitor's Markdown runbook
 * is rendered on its own page (/runbooks/:id, where notifications link), on the monitor's page and
 * from its alert row. Screenshots of both.
 */
import { mkdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { Command } from 'commander';
import { registerIncident } from '../../src/cli/commands/incident.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createUser } from '../../src/services/users.js';
import { axe, buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'lead@example.org';
const PASSWORD = 'a long enough passphrase';
const ZONE = 'America/New_York';

/** "2026-12-05T16:00" as the wall clock of ZONE shows `ms`, as a datetime-local input takes it. */
function wallClock(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

describe.skipIf(!hasChromium)('on-call overrides and runbooks in the dashboard', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  const card = () => page.locator('section[aria-label="Schedule Primary on-call"]');
  const cli = async (...args: string[]) => {
    const program = new Command('tocsin').option('-c, --config <file>').exitOverride();
    registerIncident(program);
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(['node', 'tocsin', '-c', join(dir, 'tocsin.yaml'), 'incident', ...args]);
    } finally {
      spy.mockRestore();
    }
    return out;
  };
  const api = async <T>(path: string): Promise<T> => (await page.evaluate(async (p) => (await fetch(p)).json(), path)) as T;

  beforeAll(async () => {
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-oncall-overrides-'));
    await mkdir(join(dir, 'runbooks'));
    await writeFile(
      join(dir, 'runbooks', 'db.md'),
      '# Core database down\n\n1. Look at `pg_stat_activity` for blocked queries.\n2. Fail over with `patronictl failover`.\n\n<script>window.pwned = 1</script>\n',
    );
    // A week back: for the first hours of each UTC day, the UTC date is still tomorrow in New York.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    await writeFile(
      join(dir, 'tocsin.yaml'),
      stringify({
        database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
        server: { public_url: 'https://tocsin.example.org' },
        defaults: { alert: { down_after: 1 } },
        channels: { a: { type: 'webhook', url: 'http://127.0.0.1:9/a' }, b: { type: 'webhook', url: 'http://127.0.0.1:9/b' } },
        people: { alice: { name: 'Alice Martin', channels: ['a'] }, bob: { name: 'Bob Okafor', channels: ['b'] } },
        schedules: {
          primary: {
            name: 'Primary on-call',
            time_zone: ZONE,
            handoff: '00:00',
            // Alice covers every day: whoever else is on call now is there by an override.
            layers: [{ name: 'daily', rotation: 'daily', start: weekAgo, members: ['alice'] }],
          },
        },
        status_pages: [{ slug: 'public', title: 'Example', components: [{ name: 'Database', monitors: ['core-db'] }] }],
        monitors: [{ id: 'core-db', name: 'Core database', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1s', timeout: '1s', runbook: 'runbooks/db.md' }],
      }),
    );
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    await createUser(tocsin.store.db, { email: EMAIL, role: 'editor', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now: Date.now() });
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

  it('adds an override typed in the schedule’s time zone, which takes over who is on call now', async () => {
    await page.click('nav a[href="/oncall"], header a[href="/oncall"]');
    await expect.poll(() => page.locator('[data-testid=oncall-now-primary]').textContent(), { timeout: 15_000 }).toContain('Alice Martin');
    const from = Date.now() - 3_600_000;
    const until = Date.now() + 2 * 3_600_000;
    await card().locator('select[name=person]').selectOption('bob');
    await card().locator('input[name=start]').fill(wallClock(from));
    await card().locator('input[name=end]').fill(wallClock(until));
    await card().locator('input[name=reason]').fill('swap for the dentist');
    await card().locator('button[type=submit]').click();
    await expect
      .poll(() => page.locator('[data-testid=oncall-now-primary]').textContent(), { timeout: 15_000 })
      .toContain('Bob Okafor (override: swap for the dentist)');
    expect(await page.locator('[data-testid=overrides-primary] li').allTextContents()).toEqual([expect.stringContaining('Bob Okafor')]);
    // Stored as the instants typed in New York time, to the minute.
    const stored = await api<{ overrides: Array<{ source: string; person: string; start: string; end: string }> }>('/api/v1/schedules/primary/overrides');
    expect(stored.overrides).toMatchObject([
      {
        source: 'api',
        person: 'bob',
        start: new Date(Math.floor(from / 60_000) * 60_000).toISOString(),
        end: new Date(Math.floor(until / 60_000) * 60_000).toISOString(),
      },
    ]);
    await page.screenshot({ path: 'screenshots/oncall-override-added.png', fullPage: true });
    expect(await axe(page)).toEqual([]);
  }, 40_000);

  it('says what is wrong with an override that ends before it starts or overlaps another', async () => {
    await card().locator('select[name=person]').selectOption('alice');
    await card()
      .locator('input[name=start]')
      .fill(wallClock(Date.now() + 3_600_000));
    await card().locator('input[name=end]').fill(wallClock(Date.now()));
    await card().locator('button[type=submit]').click();
    expect(await card().locator('.field.invalid').textContent()).toContain('The override must end after it starts.');
    await card()
      .locator('input[name=end]')
      .fill(wallClock(Date.now() + 5 * 3_600_000));
    await card().locator('button[type=submit]').click();
    await expect.poll(() => card().locator('[role=alert]').first().textContent(), { timeout: 10_000 }).toMatch(/overlap/i);
    expect(await page.locator('[data-testid=overrides-primary] li').count()).toBe(1);
    await page.screenshot({ path: 'screenshots/oncall-override-refused.png', fullPage: true });
  }, 30_000);

  it('removes the override, and the rotation decides again', async () => {
    await card().locator('[data-testid=overrides-primary] button', { hasText: 'Remove' }).click();
    await expect.poll(() => page.locator('[data-testid=oncall-now-primary]').textContent(), { timeout: 15_000 }).toContain('Alice Martin');
    expect(await card().locator('[data-testid=overrides-primary]').count()).toBe(0);
    expect((await api<{ overrides: unknown[] }>('/api/v1/schedules/primary/overrides')).overrides).toEqual([]);
  }, 30_000);

  it('fits the override form on a 360 px phone without scrolling sideways', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${base}/oncall`);
    await expect.poll(() => card().locator('button[type=submit]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: 'screenshots/oncall-override-360.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 30_000);

  it('shows an incident opened and a note added by the CLI beside it within a second, without a reload', async () => {
    await page.goto(`${base}/incidents`);
    await page.waitForSelector('h1:has-text("Incidents")');
    const out = await cli('open', 'Replica lag on db-2', '--sev', '2');
    const id = /^opened (inc_\S+)/.exec(out)![1]!;
    const row = page.locator(`a[href="/incidents/${id}"]`);
    await expect.poll(() => row.count(), { timeout: 1000, interval: 50 }).toBe(1);
    await page.goto(`${base}/incidents/${id}`);
    await page.waitForSelector('text=Replica lag on db-2');
    await cli('note', id, 'replication slot was dropped by the upgrade');
    await expect.poll(() => page.locator('text=replication slot was dropped by the upgrade').count(), { timeout: 1000, interval: 50 }).toBeGreaterThan(0);
  }, 30_000);

  it('posts the words typed with a state change on the linked status page post', async () => {
    const post = /incident (\S+) on "public"/.exec(await cli('open', 'public', '--title', 'Database slow', '--body', 'Pages load slowly.'))![1]!;
    const id = /^opened (inc_\S+)/.exec(await cli('open', 'Primary db failing over', '--sev', '2'))![1]!;
    await cli('set', id, '--post', post);
    await cli('note', id, 'patroni leader key expired on db-1');
    await page.goto(`${base}/incidents/${id}`);
    await page.waitForSelector('[data-testid=public-update] input[name=public_update]');
    await page.fill('[data-testid=public-update] input[name=public_update]', 'We moved the database to a standby; watching it closely.');
    await page.screenshot({ path: 'screenshots/incident-public-update.png', fullPage: true });
    expect(await axe(page)).toEqual([]);
    await page.click('button:has-text("Mark monitoring")');
    await expect
      .poll(async () => (await fetch(`${base}/status/public.json`)).text(), { timeout: 10_000 })
      .toContain('We moved the database to a standby; watching it closely.');
    const json = await (await fetch(`${base}/status/public.json`)).text();
    expect(json).not.toContain('patroni');
    expect(json).not.toContain('Primary db failing over');
  }, 30_000);

  it('renders the runbook on the page notifications link to, with raw HTML shown as text', async () => {
    await page.goto(`${base}/runbooks/core-db`);
    await expect.poll(() => page.locator('[data-testid=runbook-body] h1').textContent(), { timeout: 15_000 }).toBe('Core database down');
    expect(await page.locator('[data-testid=runbook-body] code').first().textContent()).toBe('pg_stat_activity');
    expect(await page.locator('[data-testid=runbook-body]').textContent()).toContain('<script>window.pwned = 1</script>');
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    await page.screenshot({ path: 'screenshots/runbook-page.png', fullPage: true });
    expect(await axe(page)).toEqual([]);
  }, 30_000);

  it('shows the runbook on the monitor’s page and links it from the alert row', async () => {
    await page.goto(`${base}/monitors/core-db`);
    await expect.poll(() => page.locator('[data-testid=runbook-body] h1').textContent(), { timeout: 15_000 }).toBe('Core database down');
    await page.goto(`${base}/alerts`);
    const link = page.locator('[data-alert="core-db"] a[data-runbook="core-db"]');
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    expect(await link.getAttribute('href')).toBe('/runbooks/core-db');
    await link.click();
    await expect.poll(() => page.locator('#runbook-h').textContent(), { timeout: 15_000 }).toBe('Runbook: Core database');
  }, 45_000);
});
