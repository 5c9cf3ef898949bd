/**
 * Rendered status pages kept in memory. A page is re-rendered only when its fingerprint (states,
 * posts, rollups, the minute) changes, checked at most every `checkEveryMs`; meanwhile every visitor
 * gets the same prebuilt, precompressed bytes. A new config version (a reload, an API change) makes
 * every page stale at once, so the very next request sees it. When the store cannot be read, the
 * last good page is served: the status page must stay up when everything else is down.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { renderAtom, renderRss } from './feeds.js';
import { renderPage, type PageLinks } from './html.js';
import { renderSummary } from './json.js';
import type { PageView } from './model.js';

export interface Representation {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

export interface RenderedPage {
  view: PageView;
  html: Representation;
  json: Representation;
  /** Feeds need absolute links, so they are rendered per base URL on first request. */
  feed(kind: 'rss' | 'atom', pageUrl: string): Representation;
}

export interface PageSource {
  /** Undefined when no page has this slug. */
  fingerprint(slug: string): Promise<string | undefined>;
  gather(slug: string): Promise<PageView>;
  pageUrl(slug: string): string | undefined;
  /** Changes (by identity) whenever the config does: pages rendered under another version are stale. */
  version?(): unknown;
}

export interface CacheOptions {
  now: () => number;
  checkEveryMs: number;
  links: (slug: string) => PageLinks;
  onError?: (slug: string, error: unknown) => void;
}

interface Entry {
  version: unknown;
  fingerprint: string;
  checkedAt: number;
  page: RenderedPage;
  stale: boolean;
}

export function represent(text: string, type: string): Representation {
  const body = Buffer.from(text);
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, gzip: gzipSync(body), etag, type };
}

export function renderAll(view: PageView, links: PageLinks, url: string | undefined): RenderedPage {
  const feeds = new Map<string, Representation>();
  return {
    view,
    html: represent(renderPage(view, links), 'text/html; charset=utf-8'),
    json: represent(JSON.stringify(renderSummary(view, url)), 'application/json; charset=utf-8'),
    feed(kind, pageUrl) {
      const key = `${kind} ${pageUrl}`;
      let feed = feeds.get(key);
      if (!feed) {
        // A crowd arriving through many host names must not grow this without bound.
        if (feeds.size >= 16) feeds.clear();
        const self = `${pageUrl}.${kind}`;
        feed =
          kind === 'rss'
            ? represent(renderRss(view, { page: pageUrl, self, permalinks: links.permalink !== undefined }), 'application/rss+xml; charset=utf-8')
            : represent(renderAtom(view, { page: pageUrl, self, permalinks: links.permalink !== undefined }), 'application/atom+xml; charset=utf-8');
        feeds.set(key, feed);
      }
      return feed;
    },
  };
}

export class StatusCache {
  private readonly entries = new Map<string, Entry>();
  private readonly refreshing = new Map<string, { version: unknown; page: Promise<RenderedPage | undefined> }>();

  constructor(
    private readonly source: PageSource,
    private readonly options: CacheOptions,
  ) {}

  /** The page, re-rendered if it changed; a known page is answered at once while it revalidates. */
  async get(slug: string): Promise<RenderedPage | undefined> {
    const entry = this.entries.get(slug);
    const version = this.source.version?.();
    if (entry && !entry.stale && entry.version === version) {
      if (this.options.now() - entry.checkedAt >= this.options.checkEveryMs) void this.refresh(slug, version);
      return entry.page;
    }
    return this.refresh(slug, version);
  }

  /** After a write (a post, a state change someone knows of): the next request re-renders. */
  invalidate(slug?: string): void {
    for (const [key, entry] of this.entries) if (slug === undefined || key === slug) entry.stale = true;
  }

  /** One rebuild per page and config version at a time; a request under a newer version does not join an older one. */
  private refresh(slug: string, version: unknown): Promise<RenderedPage | undefined> {
    const running = this.refreshing.get(slug);
    if (running && running.version === version) return running.page;
    const page = this.rebuild(slug, version).finally(() => {
      if (this.refreshing.get(slug)?.page === page) this.refreshing.delete(slug);
    });
    this.refreshing.set(slug, { version, page });
    return page;
  }

  private async rebuild(slug: string, version: unknown): Promise<RenderedPage | undefined> {
    const entry = this.entries.get(slug);
    const now = this.options.now();
    try {
      const fingerprint = await this.source.fingerprint(slug);
      if (fingerprint === undefined) {
        this.entries.delete(slug);
        return undefined;
      }
      if (entry && !entry.stale && entry.version === version && entry.fingerprint === fingerprint) {
        entry.checkedAt = now;
        return entry.page;
      }
      const page = renderAll(await this.source.gather(slug), this.options.links(slug), this.source.pageUrl(slug));
      this.entries.set(slug, { version, fingerprint, checkedAt: now, page, stale: false });
      return page;
    } catch (error) {
      this.options.onError?.(slug, error);
      if (!entry) throw error;
      entry.checkedAt = now;
      return entry.page;
    }
  }
}
