/** The public status page as one server-rendered HTML document that needs no script to be read. */
import { BANNER_TEXT } from '../../core/status-page.js';
import { html, type Html } from '../../lib/html.js';
import type { Post } from '../../store/incidents.js';
import { formatDay } from './escape.js';
import { pageName, type PageView } from './model.js';
import { banner, components, post, posts, time } from './parts.js';

export interface PageLinks {
  /** Where status.css and status.js are served from, ending in "/". */
  assets: string;
  /** The page's own file name, relative: "<slug>" on the server, "index.html" in an export. */
  self: string;
  /** Relative base of the feeds: "<slug>" gives "<slug>.json", "<slug>.rss", "<slug>.atom". */
  feeds: string;
  /** How often the script asks for a fresh page, in seconds. */
  refreshSeconds: number;
  /** Where the e-mail subscription form posts; absent in a static export, which has no server. */
  subscribe?: string;
  /** The page-relative link of one post's permalink, and of the history archive; absent in a static export. */
  permalink?: (id: string) => string;
  history?: string;
}

export function renderPage(view: PageView, links: PageLinks): string {
  const title = pageName(view.title);
  const logo = view.logo && html`<img class="logo" src="${view.logo}" alt="" height="40">`;
  const description = view.description && html`<p>${view.description}</p>`;
  const link = links.permalink;
  const archive = links.history && html`<p><a href="${links.history}">Incident and maintenance history</a></p>`;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${BANNER_TEXT[view.level]} · ${title}</title><link rel="stylesheet" href="${links.assets}status.css"><link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="${links.feeds}.rss"><link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="${links.feeds}.atom"><script src="${links.assets}status.js" defer></script></head><body data-refresh="${links.refreshSeconds}"><a class="skip" href="#live">Skip to status</a><header class="top">${logo}<div><h1>${title}</h1>${description}</div></header><main id="live">${banner(view)}${posts('active', 'Active incidents', view.active, undefined, link)}${posts('maintenance', 'Scheduled maintenance', view.maintenance, undefined, link)}${components(view)}${posts('history', 'Past incidents (14 days)', view.resolved, 'No incidents in the last 14 days.', link)}${archive}</main><footer>${subscribeForm(links.subscribe)}<p>Subscribe: <a href="${links.feeds}.rss">RSS</a> · <a href="${links.feeds}.atom">Atom</a> · <a href="${links.feeds}.json">JSON</a></p><p>${ZONE_NOTE} Powered by tocsin.</p></footer></body></html>`
    .text;
}

const ZONE_NOTE = 'Times are in your time zone (UTC on hover), or in UTC where scripts do not run.';

/** The frame the permalink and archive pages share: the page's name, a way back, and its style and script. */
function frame(view: PageView, heading: string, body: Html, assets: string, back: string): string {
  const title = pageName(view.title);
  // The arrow (←) as an escape: one character past Latin-1 kept raw in the engine bundle, as a tagged
  // template keeps it, makes V8 hold all of the bundle's source at two bytes a character (scripts/bundle-engine.mjs).
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${heading} · ${title}</title><link rel="stylesheet" href="${assets}status.css"><script src="${assets}status.js" defer></script></head><body data-refresh="0"><a class="skip" href="#main">Skip to content</a><header class="top"><div><p class="back"><a href="${back}">\u2190 ${title}</a></p><h1>${heading}</h1></div></header><main id="main">${body}</main><footer><p>${ZONE_NOTE} Powered by tocsin.</p></footer></body></html>`
    .text;
}

/** One incident or maintenance at its permanent address, /status/<slug>/incidents/<id>. */
export function renderPostPage(view: PageView, p: Post, assets: string): string {
  return frame(view, p.title, post(p, undefined, 'h2'), assets, `../../${encodeURIComponent(view.slug)}`);
}

/** Every stored incident and maintenance of the page, newest first, by month, each linking to its permalink. */
export function renderHistory(view: PageView, list: readonly Post[], assets: string): string {
  const months = new Map<string, Post[]>();
  for (const p of list) {
    const month = formatDay(p.startsAt).replace(/^\d+ /, '');
    months.set(month, [...(months.get(month) ?? []), p]);
  }
  const sections = [...months].map(
    ([month, posts]) =>
      html`<section><h2>${month}</h2><ul class="archive">${posts.map(
        (p) =>
          html`<li><a href="incidents/${encodeURIComponent(p.id)}">${p.title}</a> <p class="meta">${p.kind === 'maintenance' ? 'Maintenance' : 'Incident'} · ${time(p.startsAt)}</p></li>`,
      )}</ul></section>`,
  );
  const body = list.length ? html`${sections}` : html`<p class="empty">No incidents or maintenance recorded.</p>`;
  return frame(view, 'History', body, assets, `../${encodeURIComponent(view.slug)}`);
}

/** A plain form, so subscribing works without JavaScript; the route answers it with an HTML page. */
function subscribeForm(action: string | undefined): Html | undefined {
  if (!action) return undefined;
  return html`<form class="subscribe" method="post" action="${action}"><label for="subscribe-email">Get incident updates by e-mail</label> <input id="subscribe-email" name="email" type="email" required autocomplete="email" placeholder="you@example.org"> <button type="submit">Subscribe</button></form>`;
}
