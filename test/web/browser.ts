/**
 * What every Chromium e2e test does alike: launch the machine's Chromium with the flags it needs here,
 * build the dashboard when it is not built, sign in through the dashboard's form, and run axe-core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
/** Without it the e2e suites skip: apt-get install -y chromium. */
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
}

/** The dashboard tocsin serves from dist/dashboard, built once when missing. */
export async function buildDashboard(): Promise<void> {
  if (!existsSync('dist/dashboard/index.html')) await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
}

/** Signs in through the dashboard's form and waits for the overview. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(base);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('#overview-h');
}

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's violations in the page (injected as a script, nothing mocked): one line per failing node, naming what to fix. */
export async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate('window.axe.run(document).then((r) => r.violations)')) as Violation[];
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
  );
}
