/** Escaping for XML feeds (HTML goes through lib/html's template), and the few date formats the page uses. */
import { escapeHtml } from '../../lib/html.js';

/** XML 1.0 forbids most control characters even escaped; feed readers reject a document that has one. */
export function escXml(text: string): string {
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12 May 2026", in UTC: the bars are UTC days. */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "12 May 2026 14:05 UTC": the page is the same for every visitor, so it names its zone. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${formatDay(ms)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** "99.95%": two decimals, without claiming 100% when even one run failed. */
export function formatPercent(value: number): string {
  const fixed = value.toFixed(2);
  return `${value < 100 && fixed === '100.00' ? '99.99' : fixed}%`;
}
