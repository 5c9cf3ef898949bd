import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact.js';

describe('redactUrl', () => {
  it.each([
    ['https://example.org/health', 'https://example.org/health'],
    ['https://bob:hunter2@example.org/', 'https://bob:***@example.org/'],
    ['https://ghp_abc123@example.org/', 'https://***@example.org/'],
    ['https://example.org/x?token=abc&page=2', 'https://example.org/x?token=***&page=2'],
    ['https://example.org/x?api_key=abc&X-Amz-Signature=def', 'https://example.org/x?api_key=***&X-Amz-Signature=***'],
    ['http://127.0.0.1:8080/?a=1', 'http://127.0.0.1:8080/?a=1'],
  ])('shows %s as %s', (input, shown) => {
    expect(redactUrl(input)).toBe(shown);
  });

  it('never shows the secret, whatever the query looks like', () => {
    const shown = redactUrl('https://u:p4ss@example.org/?password=p4ss&password=again&Session=s3');
    expect(shown).not.toMatch(/p4ss|again|s3/);
  });
});
