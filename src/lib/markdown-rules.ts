/**
 * Markdown for incident posts, post-mortems and runbooks, rendered by markdown-it with raw HTML off:
 * whatever a writer types is text, never markup. Only http(s), mailto and relative links survive
 * (no javascript:, data: or vbscript:), and links open with rel="noopener noreferrer".
 * The rules alone, with no import: the server loads markdown-it on first use (lib/markdown.ts), the
 * dashboard bundles it (web/src/markdown.ts).
 */
import type { MarkdownIt } from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:|[#/.]|[^:]*$)/i;

export const MARKDOWN_OPTIONS = { html: false, linkify: false, typographer: false } as const;

/** Bounded: a post or runbook past this many characters is cut before rendering. */
export const MARKDOWN_MAX_CHARS = 200_000;

/** `md` (made with MARKDOWN_OPTIONS) with tocsin's link rules. */
export function withSafeLinks(md: MarkdownIt): MarkdownIt {
  md.validateLink = (url) => SAFE_LINK.test(url.trim());
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]!.attrSet('rel', 'noopener noreferrer');
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

export function renderMarkdown(md: MarkdownIt, source: string): string {
  return md.render(source.slice(0, MARKDOWN_MAX_CHARS)).trim();
}

/** Plain text for feed titles and email subjects: the Markdown markers dropped. */
export function plainText(source: string): string {
  return source.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/[*`_#>]/g, '');
}
