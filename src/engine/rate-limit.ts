/**
 * How often a channel may be sent to. Some services say so (Slack: 1 message a second per webhook;
 * Discord: 5 per 2 s per webhook; Telegram: about 1 a second per chat) and any channel may set
 * `min_interval`. Keys name the service's own unit, so two channel ids on one Slack webhook share
 * one budget. Pure.
 */
import { createHash } from 'node:crypto';
import type { ChannelConfig } from '../channels/types.js';

export interface RateRule {
  /** Hashed: the unit is often a secret URL or token, and keys end up in logs of maps. */
  key: string;
  intervalMs: number;
}

function builtIn(config: ChannelConfig): { unit: string; intervalMs: number } | undefined {
  switch (config.type) {
    case 'slack':
      return { unit: `slack ${config.url}`, intervalMs: 1000 };
    case 'discord':
      return { unit: `discord ${config.url}`, intervalMs: 400 };
    case 'telegram':
      return { unit: `telegram ${config.bot_token} ${config.chat_id}`, intervalMs: 1000 };
    default:
      return undefined;
  }
}

export function rateRule(channelId: string, config: ChannelConfig): RateRule | undefined {
  const service = builtIn(config);
  const configured = config.min_interval;
  if (!service && configured === undefined) return undefined;
  const unit = service?.unit ?? `channel ${channelId}`;
  const intervalMs = Math.max(service?.intervalMs ?? 0, configured ?? 0);
  return { key: createHash('sha256').update(unit).digest('hex').slice(0, 16), intervalMs };
}
