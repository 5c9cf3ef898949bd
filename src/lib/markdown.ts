/**
 * Markdown for incident posts, post-mortems and runbooks, rendered by markdown-it with raw HTML off:
 * whatever a writer types is text, never markup. Only http(s), mailto and relative links survive
 * (no javascript:, data: or vbscript:), and links open with rel="noopener noreferrer".
 */
import { createRequire } from 'node:module';
import type MarkdownItCallable from 'markdown-it';
import type { MarkdownIt } from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:|[#/.]|[^:]*$)/i;

let md: MarkdownIt | undefined;

/** Loaded on the first text to render (markdown-it costs ~1.2 MB of heap), synchronously as callers need. */
function renderer(): MarkdownIt {
  if (md) return md;
  const Markdown = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItCallable;
  md = new Markdown({ html: false, linkify: false, typographer: false });
  md.validateLink = (url) => SAFE_LINK.test(url.trim());
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]!.attrSet('rel', 'noopener noreferrer');
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

/** Bounded: a post or runbook past this many characters is cut before rendering. */
export const MARKDOWN_MAX_CHARS = 200_000;

export function markdown(source: string): string {
  return renderer().render(source.slice(0, MARKDOWN_MAX_CHARS)).trim();
}

/** Plain text for feed titles and email subjects: the Markdown markers dropped. */
export function plainText(source: string): string {
  return source.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/[*`_#>]/g, '');
}
