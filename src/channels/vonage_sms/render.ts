/**
 * Vonage Messages API: POST https://api.nexmo.com/v1/messages, JSON, HTTP Basic with the API
 * key and secret; an SMS is message_type "text" on channel "sms", numbers without the "+".
 * client_ref carries the notification id (at most 100 characters) into delivery receipts.
 * Same short text as Twilio: no emoji, two GSM segments.
 */
import { smsText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export const VONAGE_MESSAGES_URL = 'https://api.nexmo.com/v1/messages';
const LIMIT = 306;

export function vonageAuth(config: ChannelOf<'vonage_sms'>): string {
  return `Basic ${Buffer.from(`${config.api_key}:${config.api_secret}`).toString('base64')}`;
}

export function render(n: Notification, config: ChannelOf<'vonage_sms'>, context: RenderContext): HttpRequest {
  const body = {
    message_type: 'text',
    channel: 'sms',
    to: config.to.replace(/^\+/, ''),
    from: config.from.replace(/^\+/, ''),
    text: smsText(n, context, LIMIT),
    client_ref: n.id.slice(0, 100),
  };
  return {
    method: 'POST',
    url: VONAGE_MESSAGES_URL,
    headers: { 'content-type': 'application/json', authorization: vonageAuth(config) },
    body: JSON.stringify(body),
  };
}
