/** Shields-style SVG badges for READMEs: a grey label and a coloured value, widths from a glyph estimate. */
import { html } from '../../lib/html.js';

export type BadgeColour = 'green' | 'yellow' | 'red' | 'blue' | 'grey';

const FILL: Record<BadgeColour, string> = { green: '#1a7f37', yellow: '#9a6700', red: '#cf222e', blue: '#0969da', grey: '#57606a' };

/** Verdana 11px averages about 6.5 px a glyph; a few pixels too wide is better than clipped text. */
function textWidth(text: string): number {
  return Math.round(text.length * 6.5) + 10;
}

export function renderBadge(label: string, value: string, colour: BadgeColour): string {
  const lw = textWidth(label);
  const vw = textWidth(value);
  const w = lw + vw;
  const text = `${label}: ${value}`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${text}"><title>${text}</title><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${FILL[colour]}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle"><text x="${lw / 2}" y="14">${label}</text><text x="${lw + vw / 2}" y="14">${value}</text></g></svg>`
    .text;
}

/** Colour for an uptime figure: what most READMEs' badges use. */
export function uptimeColour(percent: number | null): BadgeColour {
  if (percent === null) return 'grey';
  if (percent >= 99.9) return 'green';
  if (percent >= 99) return 'yellow';
  return 'red';
}
