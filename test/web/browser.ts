/**
 * What every Chromium e2e test does alike: launch the machine's Chromium with the flags it needs here,
 * build the dashboard when it is not built, sign in through the dashboard's form, and run axe-core.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
/** Without it the e2e suites skip: apt-get install -y chromium. */
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
}

const INDEX = 'dist/dashboard/index.html';
const BUILDING = 'dist/.dashboard-building';

/**
 * The dashboard tocsin serves from dist/dashboard, built once when missing. Vitest runs files in
 * parallel and vite empties the folder before it writes: two files building at once emptied it under
 * each other's running tocsin. The first to create BUILDING builds; the others wait for it to finish.
 */
export async function buildDashboard(): Promise<void> {
  const until = Date.now() + 170_000;
  for (;;) {
    if (!existsSync(BUILDING) && existsSync(INDEX)) return;
    mkdirSync('dist', { recursive: true });
    let mine = false;
    try {
      mkdirSync(BUILDING);
      mine = true;
    } catch {
      // Another file is building it.
    }
    if (mine) {
      try {
        if (!existsSync(INDEX)) await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
      } finally {
        rmSync(BUILDING, { recursive: true, force: true });
      }
      return;
    }
    if (Date.now() > until) throw new Error(`${BUILDING} stayed for 170 s: remove it if no test run is building the dashboard`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
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
