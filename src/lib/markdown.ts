/**
 * Markdown on the server (lib/markdown-rules.ts says what is rendered). markdown-it is loaded on the
 * first text to render, synchronously as the callers need: it costs ~1.2 MB of heap, and an engine
 * without incident posts, post-mortems or runbooks never renders one.
 */
import { createRequire } from 'node:module';
import type MarkdownItCallable from 'markdown-it';
import type { MarkdownIt } from 'markdown-it';
import { MARKDOWN_OPTIONS, renderMarkdown, withSafeLinks } from './markdown-rules.js';

export { MARKDOWN_MAX_CHARS, plainText } from './markdown-rules.js';

let md: MarkdownIt | undefined;

export function markdown(source: string): string {
  md ??= withSafeLinks(new (createRequire(import.meta.url)('markdown-it') as typeof MarkdownItCallable)(MARKDOWN_OPTIONS));
  return renderMarkdown(md, source);
}
