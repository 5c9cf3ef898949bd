/**
 * signal-cli REST API (bbernhard/signal-cli-rest-api): POST /v2/send with the registered
 * sender `number`, the `recipients` (numbers or group ids) and the plain-text message. Signal
 * has no Markdown in this mode, so the text is plain lines.
 */
import { plainText } from '../text.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

/** Signal splits long texts into attachments past about 2000 characters; a page should be one message. */
const LIMIT = 2000;

export function render(n: Notification, config: ChannelOf<'signal'>, context: RenderContext): HttpRequest {
  const body = { message: plainText(n, context, LIMIT), number: config.number, recipients: config.recipients };
  // The API itself has no login; one behind a proxy with Basic auth is written as user:password@host.
  const url = new URL(config.url);
  const basic = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  url.username = '';
  url.password = '';
  return {
    method: 'POST',
    url: `${url.href.replace(/\/+$/, '')}/v2/send`,
    headers: { 'content-type': 'application/json', ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}) },
    body: JSON.stringify(body),
  };
}
