import { describe, expect, it } from 'vitest';
import { scrubSecrets } from './scrub.js';

describe('scrubSecrets', () => {
  it.each([
    ['a token under a secret key', { type: 'pagerduty', routing_key: 'R0UTINGKEY123' }, 'refused key R0UTINGKEY123', 'refused key ••••'],
    ['the path of a chat webhook URL', { type: 'slack', url: 'https://hooks.example.org/services/T000/B000/XXXXsecretXXXXXXXXXXXXXX' }, 'POST /services/T000/B000/XXXXsecretXXXXXXXXXXXXXX: 404', 'POST /services/T000/B000/••••: 404'],
    ['a password inside a URL', { type: 'webhook', url: 'https://bob:hunter2pw@example.org/hook' }, 'auth failed for bob:hunter2pw', 'auth failed for bob:••••'],
    ['a query value', { type: 'webhook', url: 'https://example.org/hook?sig=abcdef123456' }, 'GET ?sig=abcdef123456 failed', 'GET ?sig=•••• failed'],
    ['a header value', { type: 'webhook', url: 'https://example.org/', headers: { Authorization: 'Bearer tok-999999' } }, 'echo: Bearer tok-999999', 'echo: ••••'],
  ])('masks %s wherever it appears in the error', (_what, channel, error, expected) => {
    expect(scrubSecrets(error, channel)).toBe(expected);
  });

  it('leaves short path pieces and the host alone, so the error still says where it went', () => {
    const channel = { type: 'webhook', url: 'https://example.org/api/hook' };
    expect(scrubSecrets('example.org/api/hook: HTTP 500', channel)).toBe('example.org/api/hook: HTTP 500');
  });
});
