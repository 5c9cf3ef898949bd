/** The public status page as one server-rendered HTML document that needs no script to be read. */
import { BANNER_TEXT } from '../../core/status-page.js';
import { html, type Html } from '../../lib/html.js';
import type { PageView } from './model.js';
import { banner, components, posts } from './parts.js';

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
}

export function renderPage(view: PageView, links: PageLinks): string {
  const title = `${view.title} status`;
  const logo = view.logo && html`<img class="logo" src="${view.logo}" alt="" height="40">`;
  const description = view.description && html`<p>${view.description}</p>`;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${BANNER_TEXT[view.level]} · ${title}</title><link rel="stylesheet" href="${links.assets}status.css"><link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="${links.feeds}.rss"><link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="${links.feeds}.atom"><script src="${links.assets}status.js" defer></script></head><body data-refresh="${links.refreshSeconds}"><a class="skip" href="#live">Skip to status</a><header class="top">${logo}<div><h1>${view.title}</h1>${description}</div></header><main id="live">${banner(view)}${posts('active', 'Active incidents', view.active)}${posts('maintenance', 'Scheduled maintenance', view.maintenance)}${components(view)}${posts('history', 'Past incidents (14 days)', view.resolved, 'No incidents in the last 14 days.')}</main><footer>${subscribeForm(links.subscribe)}<p>Subscribe: <a href="${links.feeds}.rss">RSS</a> · <a href="${links.feeds}.atom">Atom</a> · <a href="${links.feeds}.json">JSON</a></p><p>Times are UTC. Powered by tocsin.</p></footer></body></html>`
    .text;
}

/** A plain form, so subscribing works without JavaScript; the route answers it with an HTML page. */
function subscribeForm(action: string | undefined): Html | undefined {
  if (!action) return undefined;
  return html`<form class="subscribe" method="post" action="${action}"><label for="subscribe-email">Get incident updates by e-mail</label> <input id="subscribe-email" name="email" type="email" required autocomplete="email" placeholder="you@example.org"> <button type="submit">Subscribe</button></form>`;
}
