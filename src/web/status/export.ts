/**
 * A status page as static files, for a file server or object storage that stays up when the host
 * running tocsin does not. Every link inside is relative, so the directory works under any path:
 *
 *   index.html  status.json  feed.json  feed.rss  feed.atom  assets/status.css  assets/status.js
 *
 * feed.json is status.json again: the page's footer names its feeds from one stem ("feed").
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { STATUS_CSS, STATUS_JS } from './assets.js';
import { renderAll } from './cache.js';
import { escXml } from './escape.js';
import type { PageView } from './model.js';

export interface ExportOptions {
  /**
   * Where the exported directory (or its index.html) will be read, for the feeds' absolute links
   * (feed readers need them): https://status.example.org/ or https://example.org/status/index.html.
   * Without it the feeds link to "index.html", which readers resolve against the feed's own URL.
   */
  pageUrl?: string | undefined;
  refreshSeconds?: number;
}

/** File name (relative, "/"-separated) → contents. Pure: the same view gives the same bytes. */
export function exportFiles(view: PageView, options: ExportOptions = {}): Map<string, Buffer> {
  const links = { assets: 'assets/', self: 'index.html', feeds: 'feed', refreshSeconds: options.refreshSeconds ?? 60 };
  const page = renderAll(view, links, options.pageUrl);
  const pageLink = options.pageUrl?.replace(/^(.*[^/])$/, (url) => (url.endsWith('.html') ? url : `${url}/`)) ?? 'index.html';
  const feed = (kind: 'rss' | 'atom') => fixSelf(page.feed(kind, pageLink).body, kind, pageLink);
  return new Map([
    // Written in this order: assets before the page that links to them, the page last.
    ['assets/status.css', Buffer.from(STATUS_CSS)],
    ['assets/status.js', Buffer.from(STATUS_JS)],
    ['status.json', page.json.body],
    ['feed.json', page.json.body],
    ['feed.rss', feed('rss')],
    ['feed.atom', feed('atom')],
    ['index.html', page.html.body],
  ]);
}

/** The feeds name themselves "<page>.<kind>", the server's layout; in an export they are feed.<kind>. */
function fixSelf(feed: Buffer, kind: 'rss' | 'atom', pageLink: string): Buffer {
  const dir = pageLink.slice(0, pageLink.lastIndexOf('/') + 1);
  return Buffer.from(
    feed
      .toString('utf8')
      .split(`"${escXml(`${pageLink}.${kind}`)}"`)
      .join(`"${escXml(`${dir}feed.${kind}`)}"`),
  );
}

/**
 * Writes the files under `dir`, each through a temporary name and a rename, so a file server
 * reading while an export runs never serves half a page.
 */
export async function writeExport(dir: string, files: ReadonlyMap<string, Buffer>): Promise<string[]> {
  const written: string[] = [];
  for (const [name, body] of files) {
    const path = join(dir, ...name.split('/'));
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${name.split('/').pop()}.${process.pid}.tmp`);
    await writeFile(temporary, body);
    await rename(temporary, path);
    written.push(name);
  }
  return written;
}
