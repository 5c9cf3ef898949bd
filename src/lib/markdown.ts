/**
 * Markdown for incident posts, post-mortems and runbooks, rendered by markdown-it with raw HTML off:
 * whatever a writer types is text, never markup. Only http(s), mailto and relative links survive
 * (no javascript:, data: or vbscript:), and links open with rel="noopener noreferrer".
 */
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(https?:|mailto:|[#/.]|[^:]*$)/i;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = (url) => SAFE_LINK.test(url.trim());
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Bounded: a post or runbook past this many characters is cut before rendering. */
export const MARKDOWN_MAX_CHARS = 200_000;

export function markdown(source: string): string {
  return md.render(source.slice(0, MARKDOWN_MAX_CHARS)).trim();
}

/** Plain text for feed titles and email subjects: the Markdown markers dropped. */
export function plainText(source: string): string {
  return source.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/[*`_#>]/g, '');
}
