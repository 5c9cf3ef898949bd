/**
 * The Markdown that incident posts need — paragraphs, lists, emphasis, code and links — rendered
 * safely: text is escaped first, and only http(s) and mailto links survive.
 */
import { esc } from './escape.js';

export function markdown(source: string): string {
  const blocks = source.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/);
  return blocks.filter((b) => b.trim()).map(block).join('\n');
}

function block(text: string): string {
  const lines = text.split('\n');
  if (lines.every((l) => /^\s*[-*] /.test(l))) {
    return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
  }
  if (lines.every((l) => /^\s*\d+[.)] /.test(l))) {
    return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+[.)] /, ''))}</li>`).join('')}</ol>`;
  }
  return `<p>${lines.map(inline).join('<br>')}</p>`;
}

function inline(text: string): string {
  // Code spans first, so nothing inside them is taken for emphasis or links.
  return text
    .split(/(`[^`]+`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `<code>${esc(part.slice(1, -1))}</code>` : span(esc(part))))
    .join('');
}

function span(escaped: string): string {
  return escaped
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
}

/** Plain text for feeds' titles and emails: the Markdown markers dropped. */
export function plainText(source: string): string {
  return source.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/[*`]/g, '');
}
