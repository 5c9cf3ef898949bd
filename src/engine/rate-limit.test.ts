import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../channels/types.js';
import { rateRule } from './rate-limit.js';

const slack: ChannelConfig = { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/secret' };

describe('rateRule', () => {
  it.each([
    ['Slack: one message a second per webhook', slack, 1000],
    ['Discord: five per two seconds', { type: 'discord', url: 'https://discord.com/api/webhooks/1/x' } as ChannelConfig, 400],
    ['Telegram: one a second per chat', { type: 'telegram', bot_token: '1:abc', chat_id: '-100' } as ChannelConfig, 1000],
    ['a configured min_interval', { type: 'webhook', url: 'https://h.example/x', headers: {}, min_interval: 30_000 } as ChannelConfig, 30_000],
    ["the slower of Slack's and the configured one", { ...slack, min_interval: 200 } as ChannelConfig, 1000],
  ])('limits %s', (_name, config, intervalMs) => {
    expect(rateRule('ops', config)?.intervalMs).toBe(intervalMs);
  });

  it('leaves a plain webhook unlimited', () => {
    expect(rateRule('ops', { type: 'webhook', url: 'https://h.example/x', headers: {} })).toBeUndefined();
  });

  it('shares one budget between two channel ids on the same Slack webhook, and keeps the URL out of the key', () => {
    const a = rateRule('ops', slack);
    expect(rateRule('ops-copy', slack)?.key).toBe(a?.key);
    expect(rateRule('ops', { ...slack, url: 'https://hooks.slack.com/services/T0/B1/other' })?.key).not.toBe(a?.key);
    expect(a?.key).not.toContain('secret');
  });
});
