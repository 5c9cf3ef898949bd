/** Markdown in the dashboard, by the server's rules (src/lib/markdown-rules.ts), with markdown-it bundled. */
import MarkdownIt from 'markdown-it';
import { MARKDOWN_OPTIONS, renderMarkdown, withSafeLinks } from '../../src/lib/markdown-rules.js';

const md = withSafeLinks(new MarkdownIt(MARKDOWN_OPTIONS));

export function markdown(source: string): string {
  return renderMarkdown(md, source);
}
