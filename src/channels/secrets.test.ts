import { describe, expect, it } from 'vitest';
import { channelSchema } from '../schema/channels.js';
import { maskChannelSettings, maskSecretText } from './secrets.js';

const hook = {
  type: 'webhook',
  url: 'https://bob:hunter2pw@hooks.example.org/in/T0k3nPathSegment42?sig=q-s3cret-value&x=1',
  secret: 'sign-s3cret',
  headers: { 'X-Custom-Auth': 'custom-h3ader-value', Authorization: 'Bearer tok-999999999', 'X-Request-Source': 'tocsin-prod' },
  public_headers: ['x-request-source'],
};

describe('maskChannelSettings', () => {
  it('masks every header value but the public ones, every secret field, and the user-info, path and query of URLs', () => {
    expect(maskChannelSettings(hook)).toEqual({
      type: 'webhook',
      url: 'https://••••@hooks.example.org/••••',
      secret: '••••',
      headers: { 'X-Custom-Auth': '••••', Authorization: '••••', 'X-Request-Source': 'tocsin-prod' },
      public_headers: ['x-request-source'],
    });
  });

  it('judges a field by its last word: a setting about a key is not a key', () => {
    expect(
      maskChannelSettings({ on_key_change: 'degraded', private_key: 'k', apikey: 'a', bind_password: 'p', passphrase: 'x', token_type: 'bearer' }),
    ).toEqual({
      on_key_change: 'degraded',
      private_key: '••••',
      apikey: '••••',
      bind_password: '••••',
      passphrase: '••••',
      token_type: 'bearer',
    });
  });

  it.each([
    [
      { type: 'ntfy', url: 'https://ntfy.sh/my-alerts-topic', token: 'tk_abc' },
      { type: 'ntfy', url: 'https://ntfy.sh/••••', token: '••••' },
    ],
    [
      { type: 'matrix', homeserver: 'https://matrix.example.org', access_token: 'syt_x', room_id: '!a:b' },
      { type: 'matrix', homeserver: 'https://matrix.example.org', access_token: '••••', room_id: '!a:b' },
    ],
    [
      { type: 'email', smtp: 'smtp://alerts:pw@mail.example.org:587', to: ['a@b.c'] },
      { type: 'email', smtp: 'smtp://••••@mail.example.org:587', to: ['a@b.c'] },
    ],
    [
      { type: 'pushover', token: 'app', user: 'userkey' },
      { type: 'pushover', token: '••••', user: '••••' },
    ],
    [
      { type: 'teams', url: 'https://example.org/' },
      { type: 'teams', url: 'https://example.org/' },
    ],
  ])('masks %j as %j', (input, expected) => {
    expect(maskChannelSettings(input)).toEqual(expected);
  });
});

describe('maskSecretText', () => {
  it.each([
    ['a token under a secret key', { type: 'pagerduty', routing_key: 'R0UTINGKEY123' }, 'refused key R0UTINGKEY123', 'refused key ••••'],
    [
      'a chat webhook path, whole or a token segment alone',
      { type: 'slack', url: 'https://hooks.example.org/services/T000/B000/XXXXsecretXXXX' },
      'POST /services/T000/B000/XXXXsecretXXXX: 404; hook XXXXsecretXXXX',
      'POST ••••: 404; hook ••••',
    ],
    [
      'a password inside a URL',
      { type: 'webhook', url: 'https://bob:hunter2pw@example.org/hook' },
      'auth failed for bob:hunter2pw',
      'auth failed for bob:••••',
    ],
    [
      'a query string and its values',
      { type: 'webhook', url: 'https://example.org/?sig=abcdef123456' },
      'GET ?sig=abcdef123456 failed; sig abcdef123456',
      'GET ?•••• failed; sig ••••',
    ],
    [
      'a header value, whole or its token',
      { type: 'webhook', url: 'https://example.org/', headers: { Authorization: 'Bearer tok-99999999' } },
      'echo: Bearer tok-99999999 / tok-99999999',
      'echo: •••• / ••••',
    ],
    [
      'a header whose name does not look secret',
      { type: 'webhook', url: 'https://example.org/', headers: { 'X-Custom-Auth': 'h3ader-secret' } },
      'x-custom-auth: h3ader-secret',
      'x-custom-auth: ••••',
    ],
    [
      'a percent-encoded secret, in either case',
      { type: 'ntfy', url: 'https://ntfy.sh/', token: 'a/b c+d' },
      'got a%2Fb%20c%2Bd and a%2fb+c%2bd',
      'got •••• and ••••',
    ],
    ['a JSON-escaped path', { type: 'webhook', url: 'https://example.org/x/topsecret-path' }, '{"path":"\\/x\\/topsecret-path"}', '{"path":"••••"}'],
    [
      'the path, query and user-info of any URL in the text',
      { type: 'webhook', url: 'https://example.org/' },
      'moved to https://u:p@other.example.org/t/0k3n?a=b.',
      'moved to https://••••@other.example.org/••••.',
    ],
  ])('masks %s', (_what, channel, text, expected) => {
    expect(maskSecretText(text, channel)).toBe(expected);
  });

  it('leaves the channel id, host and status alone so the error still says what failed and where', () => {
    expect(maskSecretText('ops (hooks.example.org): HTTP 500: upstream down', hook)).toBe('ops (hooks.example.org): HTTP 500: upstream down');
  });

  it('leaves a public header value readable', () => {
    expect(maskSecretText('from tocsin-prod', hook)).toBe('from tocsin-prod');
  });

  it('masks every secret of a receiver that echoes the whole request', () => {
    const echo = [
      'POST /in/T0k3nPathSegment42?sig=q-s3cret-value&x=1',
      'authorization: Bearer tok-999999999',
      'x-custom-auth: custom-h3ader-value',
      `basic ${Buffer.from('bob:hunter2pw').toString('base64')}`,
      'secret sign-s3cret',
    ].join('\n');
    const masked = maskSecretText(echo, hook);
    for (const secret of [
      'T0k3nPathSegment42',
      'q-s3cret-value',
      'tok-999999999',
      'custom-h3ader-value',
      'hunter2pw',
      'sign-s3cret',
      Buffer.from('bob:hunter2pw').toString('base64'),
    ]) {
      expect(masked).not.toContain(secret);
    }
  });
});

describe('public_headers', () => {
  it('takes header names and refuses anything else, naming the entry', () => {
    expect(channelSchema.safeParse({ type: 'webhook', url: 'https://example.org/', public_headers: ['X-Request-Source'] }).success).toBe(true);
    const bad = channelSchema.safeParse({ type: 'webhook', url: 'https://example.org/', public_headers: ['X Request: Source'] });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['public_headers', 0], message: 'expected a header name such as X-Request-Source' });
  });
});
