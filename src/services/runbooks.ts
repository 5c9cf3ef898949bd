/**
 * Runbooks as static HTML: each monitor's `runbook:` Markdown file rendered to a page, with an index,
 * so they stay readable when the wiki and tocsin are both down (the Jenkins mirrorbrain outage took
 * its runbooks down with Confluence). Only `.md` files inside the runbook folder are read
 * (runbook-file.ts): a runbook path set through the API must not publish another file of the machine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { TocsinError } from '../lib/errors.js';
import { html, trustedHtml, type Html } from '../lib/html.js';
import { markdown } from '../lib/markdown.js';
import type { MonitorConfig } from '../schema/config.js';
import { isRunbookLink, isWebRunbook, readRunbookFile } from './runbook-file.js';

const MAX_RUNBOOKS = 10_000;

export interface RunbookEntry {
  /** The runbook as written in the config. */
  runbook: string;
  monitors: Array<{ id: string; name: string }>;
  /** Written page (relative to the output folder), or the URL linked as is. */
  href: string;
  /** Why a local runbook could not be exported. */
  problem?: string;
}

export async function exportRunbooks(monitors: readonly MonitorConfig[], baseDir: string, outDir: string): Promise<RunbookEntry[]> {
  const byRunbook = new Map<string, Array<{ id: string; name: string }>>();
  for (const m of monitors) {
    if (m.runbook === undefined) continue;
    // "./runbooks/db.md" and "runbooks/db.md" are one file, one page.
    const key = isRunbookLink(m.runbook) ? m.runbook : posix.normalize(m.runbook);
    byRunbook.set(key, [...(byRunbook.get(key) ?? []), { id: m.id, name: m.name }]);
  }
  if (byRunbook.size > MAX_RUNBOOKS) throw new TocsinError('too_large', `more than ${MAX_RUNBOOKS} runbooks`);
  await mkdir(outDir, { recursive: true });
  const entries: RunbookEntry[] = [];
  const used = new Set<string>();
  for (const [runbook, users] of [...byRunbook].sort(([a], [b]) => a.localeCompare(b))) {
    if (isRunbookLink(runbook)) {
      // Only web links are linked: any other scheme (javascript:, file:) is named, not followed.
      entries.push({
        runbook,
        monitors: users,
        ...(isWebRunbook(runbook) ? { href: runbook } : { href: '', problem: `${runbook}: not an http(s) URL` }),
      });
      continue;
    }
    const name = pageName(runbook, used);
    try {
      const text = await readRunbookFile(runbook, baseDir);
      await writeFile(join(outDir, name), page(runbook, html`<p><a href="index.html">All runbooks</a></p>${trustedHtml(markdown(text))}`));
      entries.push({ runbook, monitors: users, href: name });
    } catch (error) {
      entries.push({ runbook, monitors: users, href: '', problem: error instanceof TocsinError ? error.message : String(error) });
    }
  }
  await writeFile(join(outDir, 'index.html'), page('Runbooks', indexBody(entries)));
  return entries;
}

/** "runbooks/db.md" → "runbooks-db.html", unique within the export. */
function pageName(runbook: string, used: Set<string>): string {
  const base =
    runbook
      .replace(/\.md$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'runbook';
  let name = `${base}.html`;
  for (let n = 2; used.has(name) || name === 'index.html'; n++) name = `${base}-${n}.html`;
  used.add(name);
  return name;
}

function indexBody(entries: readonly RunbookEntry[]): Html {
  return html`<h1>Runbooks</h1>
<ul>
${entries.map(
  (e) =>
    html`<li>${e.problem ? html`<em>not exported: ${e.problem}</em>` : html`<a href="${e.href}">${e.runbook}</a>`} — ${e.monitors
      .map((m) => m.name)
      .join(', ')}</li>
`,
)}</ul>`;
}

function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}pre,code{background:#f3f4f6}pre{padding:.5rem;overflow-x:auto}</style>
</head>
<body>
${body}
</body>
</html>
`.text;
}
