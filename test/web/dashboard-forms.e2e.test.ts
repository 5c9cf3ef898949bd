/**
 * The dashboard's forms can make what the API can, in Chromium against a real tocsin: the channel
 * form offers every channel type the API takes (its fields from the shared schema), writes a
 * secret through a password box and a number as a number, and reads a saved channel back.
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
import { channelTypes } from '../../src/schema/channels.js';
import { createUser } from '../../src/services/users.js';
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'forms@example.org';
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!hasChromium)('the dashboard forms against a running tocsin', () => {
  let dir = '';
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  const api = async (path: string) => (await page.evaluate(async (p) => (await fetch(p)).json(), path)) as Record<string, unknown>;

  beforeAll(async () => {
    await buildDashboard();
    dir = await mkdtemp(join(tmpdir(), 'tocsin-forms-'));
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook' } },
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [
        { id: 'nightly', type: 'heartbeat', uuid: '3a1c7a0e-3b2f-4c8d-9e6a-1f2b3c4d5e6f', period: '1d' },
        { id: 'shop', name: 'Shop', type: 'http', url: 'http://127.0.0.1:9/health', interval: '1h', tags: ['prod', 'eu'], group: 'web' },
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

  it('offers every channel type the API takes, all but command', async () => {
    await page.goto(`${base}/channels`);
    await page.click('button:has-text("New channel")');
    const form = page.locator('form[aria-label="New channel"]');
    const offered = () => form.locator('select[name=type] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    await expect.poll(async () => (await offered()).length, { timeout: 10_000 }).toBe(channelTypes.length - 1);
    expect(await offered()).not.toContain('command');
    expect(channelTypes.length).toBeGreaterThan(30);
  });

  it('creates a Gotify channel from fields made from the schema: the token hidden, the priority a number', async () => {
    const form = page.locator('form[aria-label="New channel"]');
    await form.locator('input[name=id]').fill('phone-push');
    await form.locator('select[name=type]').selectOption('gotify');
    await form.locator('input[name=url]').fill('https://push.example.org');
    expect(await form.locator('input[name=token]').getAttribute('type')).toBe('password');
    await form.locator('input[name=token]').fill('AbCdEf123456');
    await form.locator('input[name=priority]').fill('9');
    await form.locator('input[name=min_interval]').fill('5m');
    await page.screenshot({ path: 'screenshots/dashboard-forms-gotify.png', fullPage: true });
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('[data-channel=phone-push]').textContent(), { timeout: 10_000 }).toContain('gotify');
    const stored = ((await api('/api/v1/channels')).channels as Record<string, unknown>[]).find((c) => c.id === 'phone-push');
    expect(stored).toMatchObject({ type: 'gotify', url: 'https://push.example.org', token: '••••', priority: 9, min_interval: 300_000 });
  });

  it('reads a schema-made channel back into the form, and keeps its secret when left empty', async () => {
    await page.locator('[data-channel=phone-push] button:has-text("Edit")').click();
    const form = page.locator('form[aria-label="Edit channel phone-push"]');
    await expect.poll(() => form.locator('input[name=url]').inputValue(), { timeout: 10_000 }).toBe('https://push.example.org');
    expect(await form.locator('input[name=priority]').inputValue()).toBe('9');
    expect(await form.locator('input[name=min_interval]').inputValue()).toBe('5m');
    expect(await form.locator('input[name=token]').inputValue()).toBe('');
    await form.locator('input[name=priority]').fill('7');
    await form.locator('button[type=submit]').click();
    await expect.poll(async () => ((await api('/api/v1/channels')).channels as Record<string, unknown>[]).find((c) => c.id === 'phone-push')?.priority).toBe(7);
    const stored = ((await api('/api/v1/channels')).channels as Record<string, unknown>[]).find((c) => c.id === 'phone-push');
    expect(stored).toMatchObject({ token: '••••', min_interval: 300_000 });
  });

  it('says which field is wrong, in the schema’s words, when a required one is missing', async () => {
    await page.click('button:has-text("New channel")');
    const form = page.locator('form[aria-label="New channel"]');
    await form.locator('input[name=id]').fill('chat');
    await form.locator('select[name=type]').selectOption('mattermost');
    await form.locator('input[name=url]').fill('not a url');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.field.invalid').first().textContent(), { timeout: 10_000 }).toContain('http');
  });

  it('clones a monitor from its page: the same settings under a new id', async () => {
    await page.goto(`${base}/monitors/shop`);
    await page.click('a.button:has-text("Clone")');
    await expect.poll(() => page.locator('#edit-h').textContent(), { timeout: 10_000 }).toBe('Clone shop');
    await expect.poll(() => page.locator('input[name=url]').inputValue(), { timeout: 10_000 }).toBe('http://127.0.0.1:9/health');
    expect(await page.locator('input[name=name]').inputValue()).toBe('Copy of Shop');
    expect(await page.locator('input[name=id]').inputValue()).toBe('');
    await page.fill('input[name=id]', 'shop-us');
    await page.fill('input[name=name]', 'Shop US');
    await page.click('button[type=submit]');
    await page.waitForSelector('#monitor-h');
    expect(new URL(page.url()).pathname).toBe('/monitors/shop-us');
    expect(await api('/api/v1/monitors/shop-us')).toMatchObject({
      name: 'Shop US',
      type: 'http',
      tags: ['prod', 'eu'],
      group: 'web',
      interval: 3_600_000,
      source: 'api',
    });
  });

  it('creates, edits and deletes an escalation policy, picking channels from the ones that exist', async () => {
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/channels`);
    await page.click('button:has-text("New policy")');
    const form = page.locator('form[aria-label="New policy"]');
    await form.locator('input[name=id]').fill('night');
    // No channel ticked: the API says why, and nothing is created.
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.problem, .error-text').first().textContent(), { timeout: 10_000 }).toMatch(/notify|channel/i);
    await form.locator('input[name=notify-0][value=phone-push]').check();
    await form.locator('button:has-text("Add step")').click();
    await form.locator('input[name=after-1]').fill('30m');
    await form.locator('input[name=notify-1][value=phone-push]').check();
    await page.screenshot({ path: 'screenshots/dashboard-forms-policy.png', fullPage: true });
    await form.locator('button[type=submit]').click();
    const card = page.locator('[data-policy=night]');
    await expect.poll(() => card.locator('.steps li').count(), { timeout: 10_000 }).toBe(2);
    const policies = async () => (await api('/api/v1/escalations')).policies as Record<string, { after: number; notify: string[] }[]>;
    expect((await policies()).night).toEqual([
      { after: 0, notify: ['phone-push'] },
      { after: 1_800_000, notify: ['phone-push'] },
    ]);
    await card.locator('button:has-text("Edit")').click();
    const edit = page.locator('form[aria-label="Edit policy night"]');
    expect(await edit.locator('input[name=after-1]').inputValue()).toBe('30m');
    await edit.locator('input[name=after-1]').fill('1h');
    await edit.locator('button[type=submit]').click();
    await expect.poll(async () => (await policies()).night?.[1]?.after, { timeout: 10_000 }).toBe(3_600_000);
    await page.locator('[data-policy=night] button:has-text("Delete")').click();
    await expect.poll(async () => (await policies()).night, { timeout: 10_000 }).toBeUndefined();
  });

  it('picks the escalation policy from those that exist', async () => {
    await page.goto(`${base}/monitors/new`);
    const select = page.locator('select[name=escalation]');
    await expect.poll(() => select.locator('option').allTextContents(), { timeout: 10_000 }).toEqual(['—', 'oncall']);
    await page.fill('input[name=id]', 'docs');
    await page.fill('input[name=url]', 'http://127.0.0.1:9/docs');
    await select.selectOption('oncall');
    await page.click('button[type=submit]');
    await page.waitForSelector('#monitor-h');
    expect(await api('/api/v1/monitors/docs')).toMatchObject({ escalation: 'oncall' });
  });
});
