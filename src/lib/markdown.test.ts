import { describe, expect, it } from 'vitest';
import { markdown, plainText } from './markdown.js';

describe('markdown', () => {
  it.each([
    ['paragraphs and emphasis', 'We are **investigating** the *mirrors*.', '<p>We are <strong>investigating</strong> the <em>mirrors</em>.</p>'],
    ['lists', '- one\n- two', '<ul>\n<li>one</li>\n<li>two</li>\n</ul>'],
    ['code spans keep their text', 'run `rm -rf <dir>`', '<p>run <code>rm -rf &lt;dir&gt;</code></p>'],
    ['raw HTML is text', '<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['an http link', '[status](https://example.org/s)', '<p><a href="https://example.org/s" rel="noopener noreferrer">status</a></p>'],
    ['a relative link', '[runbook](./db.md)', '<p><a href="./db.md" rel="noopener noreferrer">runbook</a></p>'],
  ])('renders %s', (_name, source, html) => {
    expect(markdown(source)).toBe(html);
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:msgbox(1)'])('refuses the link %s', (href) => {
    const html = markdown(`[click](${href})`);
    expect(html).not.toContain('<a');
    expect(html.toLowerCase()).not.toContain('href=');
  });

  it('drops the markers for plain text', () => {
    expect(plainText('**Down**: see [the page](https://x.example) and `logs`')).toBe('Down: see the page and logs');
  });
});
