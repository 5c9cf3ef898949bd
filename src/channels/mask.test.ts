import { describe, expect, it } from 'vitest';
import { maskSecrets } from './mask.js';

describe('maskSecrets', () => {
  it.each([
    [{ routing_key: 'abc' }, { routing_key: '••••' }],
    [{ headers: { Authorization: 'Bearer x', accept: 'json' } }, { headers: { Authorization: '••••', accept: 'json' } }],
    [{ url: 'postgres://app:hunter2@db:5432/x' }, { url: 'postgres://app:••••@db:5432/x' }],
    [{ url: 'https://example.org/hook?token=abc&x=1' }, { url: 'https://example.org/hook?token=••••&x=1' }],
    [
      { paused: true, interval: 1000 },
      { paused: true, interval: 1000 },
    ],
    [{ smtp: 'smtp://not a url://' }, { smtp: '••••' }],
  ])('masks %j as %j', (input, expected) => {
    expect(maskSecrets(input)).toEqual(expected);
  });

  it('hides the path of webhook URLs whose path is the credential', () => {
    expect(maskSecrets({ url: 'https://hooks.slack.com/services/T/B/SECRET' }, { secretPaths: true })).toEqual({ url: 'https://hooks.slack.com/••••' });
  });
});
