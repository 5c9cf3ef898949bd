/**
 * The monitor form must not freeze inherited alert thresholds: an API monitor that does not set
 * `alert` follows defaults.alert, also after it was edited and saved in the dashboard without
 * touching its alert fields; what a person did set stays set. In Chromium against a real tocsin,
 * the default changed in tocsin.yaml and reloaded. And a structured field edited as JSON text, for
 * what its fields cannot say: named at the field when it is not JSON, and back to fields when they can.
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

const EMAIL = 'inherit@example.org';
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!hasChromium)('alert thresholds inherited from defaults.alert', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  const configWith = (downAfter: number) => ({
    database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
    defaults: { alert: { down_after: downAfter, up_after: 1 } },
    monitors: [{ id: 'shop', name: 'Shop', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h' }],
  });
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
  const alertOf = async (id: string) => ((await call('GET', `/api/v1/monitors/${id}`)).body as { alert: Record<string, unknown> }).alert;

  beforeAll(async () => {
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-inherit-'));
    await writeFile(join(dir, 'tocsin.yaml'), stringify(configWith(2)));
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

  it('saving an untouched form keeps following defaults.alert; a threshold set by hand stays', async () => {
    const tcp = { type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h', paused: true };
    expect((await call('POST', '/api/v1/monitors', { id: 'follows', ...tcp })).status).toBe(201);
    expect((await call('POST', '/api/v1/monitors', { id: 'own', ...tcp, alert: { up_after: 3 } })).status).toBe(201);

    // Edited and saved without touching alert: the form shows the default as inherited, not as a value.
    await page.goto(`${base}/monitors/follows/edit`);
    const form = page.locator('form.form');
    const downAfter = form.locator('input[name="alert.down_after"]');
    await downAfter.waitFor();
    await form.locator('input[name=name]').fill('Follows the defaults');
    await expect.poll(() => downAfter.getAttribute('placeholder')).toMatch(/2.*inherited|inherited.*2/);
    expect(await downAfter.inputValue()).toBe('');
    await page.screenshot({ path: 'screenshots/alert-inherited-1440.png', fullPage: true });
    expect(await axe(page)).toEqual([]);
    await form.locator('button[type=submit]').click();
    await page.waitForURL(`${base}/monitors/follows`);

    // The one with its own up_after: saved from the form, up_after stays 3 and down_after inherits.
    await page.goto(`${base}/monitors/own/edit`);
    await form.locator('input[name="alert.up_after"]').waitFor();
    await expect.poll(() => form.locator('input[name="alert.up_after"]').inputValue()).toBe('3');
    expect(await form.locator('input[name="alert.down_after"]').inputValue()).toBe('');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(`${base}/monitors/own`);

    await writeFile(join(dir, 'tocsin.yaml'), stringify(configWith(5)));
    await tocsin.reload();
    expect(await alertOf('follows')).toMatchObject({ down_after: 5, up_after: 1 });
    expect(await alertOf('own')).toMatchObject({ down_after: 5, up_after: 3 });

    // Paused and resumed, it still follows.
    expect((await call('POST', '/api/v1/monitors/follows/resume', {})).status).toBe(200);
    await writeFile(join(dir, 'tocsin.yaml'), stringify(configWith(4)));
    await tocsin.reload();
    expect(await alertOf('follows')).toMatchObject({ down_after: 4 });

    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${base}/monitors/own/edit`);
    await form.locator('input[name="alert.down_after"]').waitFor();
    await expect.poll(() => form.locator('input[name="alert.down_after"]').getAttribute('placeholder')).toMatch(/4/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'screenshots/alert-inherited-360.png', fullPage: true });
  }, 90_000);

  it('edits expect as JSON: a mistake named at the field, back to fields when they can say it, kept as JSON when not', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${base}/monitors/new?type=http`);
    const form = page.locator('form.form');
    await form.locator('input[name=id]').waitFor();
    await form.locator('input[name=id]').fill('json-shop');
    await form.locator('input[name=url]').fill('http://127.0.0.1:9/health');
    await form.locator('input[name=interval]').fill('1h');
    await form.locator('input[name="expect.status"]').fill('200');
    await form.locator('button:has-text("Edit expect as JSON")').click();
    const text = form.locator('textarea[name="expect.json"]');
    expect(JSON.parse(await text.inputValue())).toEqual({ status: [200] });
    expect(await form.locator('input[name="expect.status"]').count()).toBe(0);

    // Not JSON: said beside the text box, and nothing is sent.
    await text.fill('{"status": [200,');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('[data-json-mode=expect] .error-text').textContent()).toMatch(/expect: expected JSON/);
    expect(page.url()).toBe(`${base}/monitors/new?type=http`);

    // A value the schema refuses names the condition.
    await text.fill('{"status": [200], "max_latency": "soon"}');
    await expect.poll(() => form.locator('[data-json-mode=expect] .error-text').textContent()).toMatch(/max_latency/);

    // Back to fields: they show what the text says.
    await text.fill('{"status": [200, 204], "body_contains": "ok"}');
    await form.locator('button:has-text("Edit expect as fields")').click();
    await expect.poll(() => form.locator('input[name="expect.status"]').inputValue()).toBe('200, 204');
    expect(await form.locator('input[name="expect.body_contains"]').inputValue()).toBe('ok');

    // An empty text condition has no field that can say it: it stays JSON and is sent as written.
    await form.locator('button:has-text("Edit expect as JSON")').click();
    await text.fill('{"status": [204], "body_contains": ""}');
    await form.locator('button:has-text("Edit expect as fields")').click();
    await expect.poll(() => form.locator('[data-json-mode=expect] .hint').textContent()).toMatch(/stays JSON/);
    expect(await text.count()).toBe(1);
    await page.screenshot({ path: 'screenshots/json-mode-1440.png', fullPage: true });
    expect(await axe(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'screenshots/json-mode-360.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await form.locator('button[type=submit]').click();
    await page.waitForURL(`${base}/monitors/json-shop`);
    const saved = (await call('GET', '/api/v1/monitors/json-shop')).body as { settings: { expect: unknown } };
    expect(saved.settings.expect).toEqual({ status: [204], body_contains: '' });
  }, 90_000);
});
