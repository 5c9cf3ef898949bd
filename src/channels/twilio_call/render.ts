/**
 * Twilio Programmable Voice: POST /2010-04-01/Accounts/{AccountSid}/Calls.json with To, From and
 * inline TwiML that says the alert twice (the first time is often missed while the phone is
 * picked up). Only problems and tests ring: a recovery or an acknowledgement is not worth
 * waking someone, so those are skipped rather than called.
 */
import { clip, describe, severityOf } from '../message.js';
import { twilioAuth, twilioUrl } from '../twilio_sms/render.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext, Skipped } from '../types.js';

/** What is read out; URLs are left out, they are noise when spoken. */
export function spokenText(n: Notification, context: RenderContext): string {
  const d = describe(n, context);
  const reason = d.reason.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, 'the address');
  return clip(`Alert from tocsin. ${d.headline}. ${reason}.`, 600);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function render(n: Notification, config: ChannelOf<'twilio_call'>, context: RenderContext): HttpRequest | Skipped {
  // A recovery, and tocsin's own "working again", are good news: they can wait for the morning.
  if (severityOf(n) === 'ok') return { skip: 'a recovery does not ring a phone' };
  if (n.event === 'monitor.acknowledged') return { skip: 'an acknowledgement does not ring a phone' };
  const twiml = `<Response><Say loop="2">${escapeXml(spokenText(n, context))}</Say></Response>`;
  const form = new URLSearchParams({ To: config.to, From: config.from, Twiml: twiml });
  return {
    method: 'POST',
    url: twilioUrl(config.account_sid, 'Calls'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: twilioAuth(config) },
    body: form.toString(),
  };
}
