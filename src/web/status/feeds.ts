/** RSS 2.0 and Atom feeds of a page's incidents and maintenance: one item per post, its updates in the body. */
import type { Post } from '../../store/incidents.js';
import { escXml, formatTime, iso } from './escape.js';
import { markdown } from '../../lib/markdown.js';
import { hasPermalink, pageName, type PageView } from './model.js';

/** Feeds need absolute links; `base` is the page's URL, e.g. https://status.example.org/status/public. */
export interface FeedLinks {
  page: string;
  self: string;
  /** The server has /incidents/<id> under the page (a static export does not): items link there. */
  permalinks?: boolean;
}

/** Where an item points: its permalink, which outlives the 14 days a post stays on the page. */
function itemLink(p: Post, links: FeedLinks): string {
  return links.permalinks && hasPermalink(p.id) ? `${links.page}/incidents/${encodeURIComponent(p.id)}` : `${links.page}#p-${p.id}`;
}

function allPosts(view: PageView): Post[] {
  return [...view.active, ...view.maintenance, ...view.resolved].sort((a, b) => b.updatedAt - a.updatedAt);
}

function content(p: Post): string {
  const what = p.kind === 'maintenance' ? `Maintenance from ${formatTime(p.startsAt)}` : `Incident since ${formatTime(p.startsAt)}`;
  const affects = p.components.length ? `<p>Affects: ${escXml(p.components.join(', '))}</p>` : '';
  const updates = p.updates.map((u) => `<p><strong>${u.status}</strong> (${formatTime(u.at)})</p>${markdown(u.body)}`);
  return `<p>${what}</p>${affects}${updates.join('')}`;
}

function rfc822(ms: number): string {
  return new Date(ms).toUTCString();
}

export function renderRss(view: PageView, links: FeedLinks): string {
  const items = allPosts(view).map(
    (p) =>
      `<item><title>${escXml(`${p.title} (${p.status})`)}</title><link>${escXml(itemLink(p, links))}</link>` +
      `<guid isPermaLink="false">${escXml(`tocsin:${view.slug}:${p.id}:${p.updatedAt}`)}</guid>` +
      `<pubDate>${rfc822(p.updatedAt)}</pubDate><description>${escXml(content(p))}</description></item>`,
  );
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` +
    `<title>${escXml(pageName(view.title))}</title><link>${escXml(links.page)}</link>` +
    `<atom:link href="${escXml(links.self)}" rel="self" type="application/rss+xml"/>` +
    `<description>${escXml(`Incidents and maintenance of ${view.title}`)}</description>` +
    `<lastBuildDate>${rfc822(view.generatedAt)}</lastBuildDate>${items.join('')}</channel></rss>\n`
  );
}

export function renderAtom(view: PageView, links: FeedLinks): string {
  const posts = allPosts(view);
  const updated = iso(Math.max(view.generatedAt, ...posts.map((p) => p.updatedAt)));
  const entries = posts.map(
    (p) =>
      `<entry><id>${escXml(`${links.page}#p-${p.id}`)}</id><title>${escXml(`${p.title} (${p.status})`)}</title>` +
      `<updated>${iso(p.updatedAt)}</updated><published>${iso(p.createdAt)}</published>` +
      `<link rel="alternate" type="text/html" href="${escXml(itemLink(p, links))}"/>` +
      `<content type="html">${escXml(content(p))}</content></entry>`,
  );
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">` +
    `<id>${escXml(links.page)}</id><title>${escXml(pageName(view.title))}</title><updated>${updated}</updated>` +
    `<author><name>${escXml(view.title)}</name></author>` +
    `<link rel="self" type="application/atom+xml" href="${escXml(links.self)}"/>` +
    `<link rel="alternate" type="text/html" href="${escXml(links.page)}"/>${entries.join('')}</feed>\n`
  );
}
