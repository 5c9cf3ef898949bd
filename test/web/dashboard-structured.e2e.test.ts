/**
 * The monitor form without JSON, in Chromium against a real tocsin: expectations, request headers
 * and alert thresholds typed into fields, saved, and read back after a reload; a hidden header kept
 * on save; depends_on picked by name, a loop refused by the picker and, when it slips past it, by
 * the API beside the field; silencing a broken monitor from its overview row and ending the silence
 * from Alerts. Screenshots at 1440 and 360 px.
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
import { axe, buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'structured@example.org';
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!hasChromium)('the monitor form, pickers and silences in Chromium', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  const call = async (method: string, path: string, body?: unknown) =>
    (await page.evaluate(
      async ([m, p, b]) => {
        const { csrf } = (await (await fetch('/api/v1/session')).json()) as { csrf?: string };
        const res = await fetch(p as string, {
          method: m as string,
          headers: { 'content-type': 'application/json', ...(csrf && { 'x-csrf-token': csrf }) },
          body: b === undefined ? undefined : JSON.stringify(b),
        });
        return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
      },
      [method, path, body] as const,
    )) as { status: number; body: Record<string, unknown> };

  beforeAll(async () => {
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-structured-'));
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      monitors: [
        { id: 'shop', name: 'Shop', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', group: 'web' },
        // Down at its first check: port 9 refuses, and one failure is enough.
        { id: 'broken', name: 'Broken', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', alert: { down_after: 1 } },
      ],
    };
    await writeFile(join(dir, 'tocsin.yaml'), stringify(config));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    await createUser(tocsin.store.db, { email: EMAIL, role: 'admin', password: PASSWORD }, { actor: { kind: 'system', label: 'test' }, now: Date.now() });
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, base, EMAIL, PASSWORD);
    mkdirSync('screenshots', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fills expectations, headers and alert thresholds as fields, saves, and reads them back after a reload', async () => {
    await page.goto(`${base}/monitors/new?type=http`);
    const form = page.locator('form.form');
    await form.locator('input[name=id]').waitFor();
    expect(await form.locator('textarea').count()).toBe(0);
    await form.locator('input[name=id]').fill('api-shop');
    await form.locator('input[name=url]').fill('http://127.0.0.1:9/health');
    await form.locator('input[name=interval]').fill('1h');
    const headers = form.locator('fieldset[data-field=headers]');
    await headers.locator('button:has-text("Add header")').click();
    await headers.locator('input[name="headers.name"]').nth(0).fill('Authorization');
    await headers.locator('input[name="headers.value"]').nth(0).fill('Bearer s3cret-token');
    expect(await headers.locator('input[name="headers.value"]').nth(0).getAttribute('type')).toBe('password');
    await headers.locator('button:has-text("Add header")').click();
    await headers.locator('input[name="headers.name"]').nth(1).fill('Accept');
    await headers.locator('input[name="headers.value"]').nth(1).fill('application/json');
    expect(await headers.locator('input[name="headers.value"]').nth(1).getAttribute('type')).toBe('text');
    await form.locator('input[name="expect.status"]').fill('200, 204');
    await form.locator('input[name="expect.body_contains"]').fill('ok');
    await form.locator('input[name="expect.json_path.path"]').fill('$.status');
    await form.locator('input[name="expect.json_path.equals"]').fill('green');
    await form.locator('input[name="expect.max_latency"]').fill('2s');
    await form.locator('input[name="alert.down_after"]').fill('3');
    await form.locator('input[name="alert.flap.changes"]').fill('4');
    await form.locator('input[name="alert.flap.within"]').fill('10m');
    // A typing mistake is named beside its field before anything is sent.
    await form.locator('input[name="expect.status"]').fill('200, 2o4');
    await expect.poll(() => form.locator('[data-field=expect] .field.invalid .error-text').first().textContent()).toMatch(/2o4/);
    await form.locator('input[name="expect.status"]').fill('200, 204');
    const picker = form.locator('fieldset[data-field=depends_on]');
    await picker.locator('input[role=combobox]').fill('sho');
    await picker.locator('li[data-option=shop]').click();
    await picker.locator('li[data-chosen=shop]').waitFor();
    await page.screenshot({ path: 'screenshots/structured-form-1440.png', fullPage: true });
    expect(await axe(page)).toEqual([]);
    await form.locator('button[type=submit]').click();
    await page.waitForURL(`${base}/monitors/api-shop`);

    const saved = (await call('GET', '/api/v1/monitors/api-shop')).body as Record<string, Record<string, unknown>>;
    expect(saved.settings!.expect).toEqual({ status: [200, 204], body_contains: 'ok', json_path: { path: '$.status', equals: 'green' }, max_latency: 2000 });
    expect(saved.settings!.headers).toEqual({ Authorization: '••••', Accept: 'application/json' });
    expect(saved.depends_on).toEqual(['shop']);
    expect(saved.alert).toMatchObject({ down_after: 3, flap: { changes: 4, within: 600_000 } });

    await page.goto(`${base}/monitors/api-shop/edit`);
    await page.reload();
    await form.locator('input[name="expect.status"]').waitFor();
    await expect.poll(() => form.locator('input[name="expect.status"]').inputValue()).toBe('200, 204');
    expect(await form.locator('input[name="expect.json_path.equals"]').inputValue()).toBe('green');
    expect(await form.locator('input[name="expect.max_latency"]').inputValue()).toBe('2s');
    expect(await form.locator('input[name="alert.down_after"]').inputValue()).toBe('3');
    expect(await form.locator('input[name="alert.flap.within"]').inputValue()).toBe('10m');
    // The hidden value is not echoed: an empty password box that says it is kept.
    // Stored definitions keep keys sorted: find the row by its name.
    const names = await headers.locator('input[name="headers.name"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(names.sort()).toEqual(['Accept', 'Authorization']);
    const order = await headers.locator('input[name="headers.name"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    const secret = headers.locator('input[name="headers.value"]').nth(order.indexOf('Authorization'));
    expect(await secret.getAttribute('type')).toBe('password');
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toMatch(/kept/);
    expect(await page.content()).not.toContain('s3cret-token');
    await picker.locator('li[data-chosen=shop]').waitFor();
    // Saved untouched, the secret stays what it was (the engine's copy is the real one).
    await form.locator('input[name="expect.body_contains"]').fill('healthy');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(`${base}/monitors/api-shop`);
    expect(await storedHeaders(tocsin, 'api-shop')).toEqual({ Authorization: 'Bearer s3cret-token', Accept: 'application/json' });
    expect(((await call('GET', '/api/v1/monitors/api-shop')).body as { settings: { expect: unknown } }).settings.expect).toMatchObject({
      body_contains: 'healthy',
    });

    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${base}/monitors/api-shop/edit`);
    await form.locator('input[name="expect.status"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'screenshots/structured-form-360.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 90_000);

  it('picks depends_on by name, refuses itself and a loop, and shows the API refusing one that slipped past', async () => {
    expect((await call('POST', '/api/v1/monitors', { id: 'dep-a', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true })).status).toBe(201);
    expect(
      (await call('POST', '/api/v1/monitors', { id: 'dep-b', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true, depends_on: ['dep-a'] }))
        .status,
    ).toBe(201);
    expect((await call('POST', '/api/v1/monitors', { id: 'dep-c', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true })).status).toBe(201);
    await page.goto(`${base}/monitors/dep-a/edit`);
    const picker = page.locator('fieldset[data-field=depends_on]');
    const search = picker.locator('input[role=combobox]');
    await search.waitFor();
    await search.fill('dep-');
    await picker.locator('li[data-option=dep-c]').waitFor();
    expect(await picker.locator('li[data-option=dep-a]').getAttribute('aria-disabled')).toBe('true');
    expect(await picker.locator('li[data-option=dep-a]').textContent()).toMatch(/this monitor itself/);
    expect(await picker.locator('li[data-option=dep-b]').textContent()).toMatch(/depends on dep-a/);
    await picker.locator('li[data-option=dep-b]').dispatchEvent('click');
    expect(await picker.locator('li[data-chosen]').count()).toBe(0);
    // Keyboard: down to dep-c and Enter picks it, without submitting the form.
    await search.fill('dep-c');
    await search.press('ArrowDown');
    await search.press('Enter');
    await picker.locator('li[data-chosen=dep-c]').waitFor();
    await page.screenshot({ path: 'screenshots/structured-depends-1440.png', fullPage: true });
    // Someone else makes dep-c wait on dep-a meanwhile: the API refuses the loop, and says so at the field.
    expect(
      (
        await call('PUT', '/api/v1/monitors/dep-c', {
          id: 'dep-c',
          type: 'tcp',
          host: '127.0.0.1',
          port: 9,
          interval: '1h',
          paused: true,
          depends_on: ['dep-a'],
        })
      ).status,
    ).toBe(200);
    await page.locator('form.form button[type=submit]').click();
    await expect.poll(() => picker.locator('.error-text').textContent()).toMatch(/dependency cycle: dep-a → dep-c → dep-a/);
    expect(page.url()).toBe(`${base}/monitors/dep-a/edit`);
  }, 60_000);

  it('chooses a status page component’s monitors by name, or a whole group at once', async () => {
    await page.goto(`${base}/pages`);
    await page.click('button:has-text("New status page")');
    const form = page.locator('form[aria-label="New status page"]');
    await form.locator('input[name=slug]').fill('public');
    await form.locator('input[name=title]').fill('Example');
    await form.locator('input[aria-label="Component 1 name"]').fill('Website');
    const picker = form.locator('fieldset[data-field="component-1-monitors"]');
    await picker.locator('input[role=combobox]').fill('web');
    await picker.locator('li[data-option="group:web"]').click();
    await picker.locator('li[data-chosen=shop]').waitFor();
    await picker.locator('input[role=combobox]').fill('Broken');
    await picker.locator('li[data-option=broken]').click();
    await picker.locator('input[role=combobox]').fill('Bro');
    await page.screenshot({ path: 'screenshots/structured-status-page-1440.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'screenshots/structured-status-page-360.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await form.locator('button[type=submit]').click();
    await expect
      .poll(
        async () =>
          ((await call('GET', '/api/v1/status-pages')).body.status_pages as { slug: string; components: unknown[] }[] | undefined)?.find(
            (p) => p.slug === 'public',
          )?.components,
      )
      .toEqual([expect.objectContaining({ name: 'Website', monitors: ['shop', 'broken'] })]);
  }, 60_000);

  it('silences a broken monitor from its overview row with a reason, then ends the silence from Alerts', async () => {
    await page.goto(base);
    const row = page.locator('[data-monitor=broken]');
    await row.waitFor();
    await row.locator('button[aria-label="Silence Broken"]').click();
    const dialog = page.locator('[role=dialog]');
    await dialog.waitFor();
    await dialog.locator('input[name=length][value=custom]').check();
    await dialog.locator('input[name=custom]').fill('90m');
    await dialog.locator('input[name=length][value="4h"]').check();
    await dialog.locator('input[name=reason]').fill('deploy in progress');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: 'screenshots/structured-silence-dialog-1440.png' });
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    const open = async () =>
      ((await call('GET', '/api/v1/maintenance')).body.windows as { name: string; open_now: unknown; monitors: string[] }[]).filter(
        (w) => w.open_now && w.monitors.includes('broken'),
      );
    expect((await open()).map((w) => w.name)).toEqual(['silence broken for 4h: deploy in progress']);
    await expect.poll(() => row.locator('button[aria-label="Silence Broken"]').count(), { timeout: 10_000 }).toBe(0);

    await page.goto(`${base}/alerts`);
    const alert = page.locator('[data-alert=broken]');
    await alert.locator('[data-marker=silenced]').waitFor();
    await expect.poll(() => alert.locator('[data-marker=silenced]').textContent()).toMatch(/until/);
    // Who set it, from the audit log.
    await expect.poll(() => alert.locator('[data-testid=silence-by]').textContent()).toBe(`by ${EMAIL}`);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'screenshots/structured-alerts-silenced-360.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: 'screenshots/structured-alerts-silenced-1440.png', fullPage: true });
    await alert.locator('button:has-text("End silence")').click();
    await expect.poll(async () => (await open()).length).toBe(0);
    await expect.poll(() => alert.locator('[data-marker=silenced]').count(), { timeout: 10_000 }).toBe(0);

    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(base);
    await row.locator('button[aria-label="Silence Broken"]').click();
    await dialog.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'screenshots/structured-silence-dialog-360.png' });
    await dialog.locator('button:has-text("Cancel")').click();
    await page.screenshot({ path: 'screenshots/structured-overview-360.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 60_000);
});

/** What the store holds for the monitor: the secret the API shows only masked. */
async function storedHeaders(tocsin: Tocsin, id: string): Promise<Record<string, string> | undefined> {
  const { listMonitors, decodeMonitorRow } = await import('../../src/store/monitors.js');
  const row = (await listMonitors(tocsin.store.db)).find((r) => r.id === id);
  const decoded = row && decodeMonitorRow(row);
  return decoded?.ok ? ((decoded.monitor as unknown as { settings: { headers?: Record<string, string> } }).settings.headers ?? undefined) : undefined;
}
