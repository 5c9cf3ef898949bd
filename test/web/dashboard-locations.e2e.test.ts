/**
 * The monitor page of a monitor checked from two places shows each location's own state, in real
 * Chromium against a real tocsin: local checks a server that answers, and the east agent posts a
 * failed result through the agent route. Screenshot: screenshots/dashboard-locations.png.
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
import { createAgentToken } from '../../src/services/agent-tokens.js';
import { createUser } from '../../src/services/users.js';
import { eventually, startTarget, type Target } from '../alerting/live.js';
import { buildDashboard, hasChromium, launchChromium, signIn } from './browser.js';

const EMAIL = 'oncall@example.org';
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!hasChromium)('the monitor page of a monitor checked from several locations', () => {
  let dir = '';
  let target: Target;
  let tocsin: Tocsin;
  let browser: Browser;
  let page: Page;
  let base = '';
  let agentToken = '';

  beforeAll(async () => {
    await buildDashboard();
    target = await startTarget(200);
    dir = await mkdtemp(join(tmpdir(), 'tocsin-dashboard-locations-'));
    const config = {
      database: { url: `sqlite:${join(dir, 'tocsin.db')}` },
      defaults: { interval: '2s', timeout: '2s', alert: { down_after: 1 } },
      monitors: [{ id: 'shop', name: 'Shop front', type: 'http', url: target.url, locations: ['local', 'east'], quorum: 'any' }],
    };
    await writeFile(join(dir, 'tocsin.yaml'), stringify(config));
    tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
    const ctx = { actor: { kind: 'system' as const, label: 'test' }, now: Date.now() };
    await createUser(tocsin.store.db, { email: EMAIL, role: 'admin', password: PASSWORD }, ctx);
    agentToken = (await createAgentToken(tocsin.store.db, { location: 'east' }, ctx)).secret;
    base = `http://${tocsin.address}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, base, EMAIL, PASSWORD);
    mkdirSync('screenshots', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tocsin?.stop().catch(() => undefined);
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists each location with its own status and words', async () => {
    const posted = await fetch(`${base}/agent/v1/results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        results: [{ monitor_id: 'shop', at: Date.now(), status: 'down', latency_ms: 2000, message: 'connect timed out after 2 s', timings: { connect: 2000 } }],
      }),
    });
    expect(await posted.json()).toEqual({ accepted: 1, ignored: [] });
    await page.goto(`${base}/monitors/shop`);
    const card = page.locator('[data-testid="location-states"]');
    const text = await eventually(
      async () => {
        await page.reload();
        const shown = await card.innerText({ timeout: 2000 }).catch(() => '');
        // The card reads each location's latest result at once; the monitor's message is its stored
        // state, written by the result batch a moment later: wait for both.
        const message = await page
          .locator('.message')
          .first()
          .innerText({ timeout: 2000 })
          .catch(() => '');
        const both = /east\s+connect timed out after 2 s/.test(shown) && /local\s+HTTP 200/.test(shown);
        return both && message.includes('down from east (connect timed out after 2 s); up from local') && shown;
      },
      'both locations and the quorum message on the monitor page',
      20_000,
    );
    expect(text).toContain('Quorum any');
    await page.screenshot({ path: 'screenshots/dashboard-locations.png', fullPage: true });
  }, 60_000);
});
