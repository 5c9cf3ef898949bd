/** HTML fragments of the status page: components with their bars, and posts with their updates. */
import { BANNER_TEXT, type ComponentState, type DayBar } from '../../core/status-page.js';
import type { Post } from '../../store/incidents.js';
import { html, trustedHtml, type Html } from '../../lib/html.js';
import { markdown } from '../../lib/markdown.js';
import { formatDay, formatPercent, formatTime, iso } from './escape.js';
import { STATUS_WORDS } from './subscriber-messages.js';
import { locationsLine } from './locations.js';
import { hasPermalink, type ComponentView, type PageView } from './model.js';

export const STATE_LABEL: Record<ComponentState, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
  unknown: 'No data yet',
};

const BAR_CLASS = { none: 'n', up: '', maintenance: 'm', degraded: 'd', down: 'x' } as const;

/** UTC in the page (readable without script); status.js rewrites it in the visitor's zone and keeps UTC on hover. */
export function time(ms: number): Html {
  return html`<time datetime="${iso(ms)}">${formatTime(ms)}</time>`;
}

export function banner(view: PageView): Html {
  return html`<section class="banner l-${view.level}" aria-labelledby="banner-h"><h2 id="banner-h">${BANNER_TEXT[view.level]}</h2><p>As of ${time(view.generatedAt)}</p></section>`;
}

/** Plain up days carry no title to keep the page small; the script names them on hover. */
function bar(b: DayBar): Html {
  const cls = BAR_CLASS[b.level];
  const eventful = (b.level !== 'up' && b.level !== 'none') || b.posts.length > 0;
  if (!eventful) return cls ? html`<li class=${cls}></li>` : html`<li></li>`;
  const uptime = b.uptime === null ? 'no data' : `${formatPercent(b.uptime)} uptime`;
  const label = [`${formatDay(b.day)}: ${uptime}`, ...b.posts].join('; ');
  return html`<li class=${cls || 'u'} tabindex=0 title="${label}" data-tip="${label}"></li>`;
}

/** "No data yet" while nothing was checked; "Status unknown" when the checks cannot judge. */
function stateLabel(c: ComponentView): string {
  return c.state === 'unknown' && c.unknownBecause === 'unknown' ? 'Status unknown' : STATE_LABEL[c.state];
}

function component(c: ComponentView): Html {
  const since = c.since !== undefined && html`<p class="since">${STATE_LABEL[c.state]} since ${time(c.since)}</p>`;
  const uptime = c.uptime === null ? 'no data yet' : `${formatPercent(c.uptime)} uptime`;
  const first = c.bars[0]?.day ?? 0;
  return html`<li class="c" id="c-${c.id}"><div class="row"><h3>${c.name}</h3><span class="st s-${c.state}">${stateLabel(c)}</span></div>${since}${c.locations && locationsLine(c.locations)}<ol class="bars" data-start="${first}" aria-label="${c.name}, last ${c.bars.length} days: ${uptime}">${c.bars.map(bar)}</ol><p class="axis"><span>${c.bars.length} days ago</span><span>${uptime}</span><span>Today</span></p></li>`;
}

/** The worst state in a group, for its heading: a closed group still says when something in it is wrong. */
const WORST: ComponentState[] = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance', 'unknown', 'operational'];

/** A named group folds away (a <details>, so without script too); its heading keeps its worst state in words. */
function group(name: string, list: ComponentView[]): Html {
  const worst = WORST.find((s) => list.some((c) => c.state === s)) ?? 'operational';
  return html`<details class="grp" open><summary><h3 class="group">${name}</h3> <span class="gst w-${worst}">${STATE_LABEL[worst]}</span></summary><ul class="components">${list.map(component)}</ul></details>`;
}

export function components(view: PageView): Html {
  const groups = new Map<string, ComponentView[]>();
  for (const c of view.components) groups.set(c.group ?? '', [...(groups.get(c.group ?? '') ?? []), c]);
  const lists = [...groups].map(([name, list]) => (name ? group(name, list) : html`<ul class="components">${list.map(component)}</ul>`));
  return html`<section aria-labelledby="components-h"><h2 id="components-h">Components</h2>${lists}</section>`;
}

/** `link`: the post's permalink, for its title; `level`: its heading level (h2 on its own page). */
export function post(p: Post, link?: (id: string) => string, level: 'h2' | 'h3' = 'h3'): Html {
  const affects = p.components.length > 0 && ` · Affects ${p.components.join(', ')}`;
  const when =
    p.kind === 'maintenance'
      ? html`${time(p.startsAt)}${p.endsAt !== null && html` to ${time(p.endsAt)}`}`
      : html`Since ${time(p.startsAt)}${p.resolvedAt !== null && html`, resolved ${time(p.resolvedAt)}`}`;
  // markdown-it renders with raw HTML off: its output is safe markup by construction.
  const updates = p.updates.map(
    (u) => html`<li><p class="u-h"><strong>${STATUS_WORDS[u.status]}</strong> ${time(u.at)}</p>${trustedHtml(markdown(u.body))}</li>`,
  );
  const title = link && hasPermalink(p.id) ? html`<a href="${link(p.id)}">${p.title}</a>` : p.title;
  const heading = level === 'h2' ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`;
  return html`<article class="post i-${p.impact} k-${p.kind}" id="p-${p.id}">${heading}<p class="meta"><span class="tag">${STATUS_WORDS[p.status]}</span> ${when}${affects}</p><ol class="updates">${updates}</ol></article>`;
}

export function posts(id: string, title: string, list: readonly Post[], empty?: string, link?: (id: string) => string): Html | '' {
  if (list.length === 0 && !empty) return '';
  const body = list.length ? list.map((p) => post(p, link)) : html`<p class="empty">${empty}</p>`;
  return html`<section aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body}</section>`;
}
