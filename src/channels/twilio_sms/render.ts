/**
 * Twilio Programmable Messaging: POST /2010-04-01/Accounts/{AccountSid}/Messages.json,
 * form-encoded To, From (or MessagingServiceSid) and Body, HTTP Basic with the account SID and
 * auth token. Kept to two GSM segments (306 characters): a page is read on a lock screen.
 */
import { smsText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

export const TWILIO_API = 'https://api.twilio.com';
const LIMIT = 306;

export function twilioAuth(config: { account_sid: string; auth_token: string }): string {
  return `Basic ${Buffer.from(`${config.account_sid}:${config.auth_token}`).toString('base64')}`;
}

export function twilioUrl(accountSid: string, resource: 'Messages' | 'Calls'): string {
  return `${TWILIO_API}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/${resource}.json`;
}

export function render(n: Notification, config: ChannelOf<'twilio_sms'>, context: RenderContext): HttpRequest {
  const sender: [string, string] = config.from.startsWith('MG') ? ['MessagingServiceSid', config.from] : ['From', config.from];
  const form = new URLSearchParams([['To', config.to], sender, ['Body', smsText(n, context, LIMIT)]]);
  return {
    method: 'POST',
    url: twilioUrl(config.account_sid, 'Messages'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: twilioAuth(config) },
    body: form.toString(),
  };
}
