import { describe, expect, it } from 'vitest';
import { html, trustedHtml } from './html.js';

describe('html', () => {
  it('escapes every interpolated text, in text and in attributes', () => {
    const name = `<script>alert("x")</script>' onmouseover='y`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y</p>',
    );
  });

  it('keeps nested templates and arrays of them as markup', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('renders false, null and undefined as nothing, numbers as text', () => {
    expect(html`${false}${null}${undefined}${0}${12.5}`.text).toBe('012.5');
  });

  it('inserts trusted markup as it is', () => {
    expect(html`<div>${trustedHtml('<em>ok</em>')}</div>`.text).toBe('<div><em>ok</em></div>');
  });
});
