import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { Failure, openConnection } from '../http/connect.js';
import { describeConnectionError } from '../http/describe.js';
import { redactUrl } from '../http/redact.js';
import { SocketScope } from '../tls/socket.js';
import type { CheckContext } from '../types.js';
import { readCaFile } from './ca-file.js';
import type { WebsocketSettings } from './schema.js';

/** What a WebSocket check saw, before any judgement. */
export interface WebsocketObservation {
  /** The URL with secrets masked, for messages. */
  url: string;
  /** What ended the observation early, in words. */
  failure?: string;
  openMs?: number;
  /** The first message received after opening (and sending). */
  reply?: { data: Buffer; ms: number };
  /** A close the server started, with its code and reason. */
  close?: { code: number; reason: string };
}

/** A monitor wants one short answer; a frame past this is refused (close 1009) rather than buffered. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** A clean close is polite, but the check has already decided: the socket goes after this at most. */
const CLOSE_GRACE_MS = 1000;

/**
 * Connects to the pinned address itself (c-ares, server.probe_targets, certificate verified before
 * a byte of the upgrade is sent), hands that socket to `ws` for the upgrade, then sends, waits for
 * a reply and for the server's close as the settings ask. Every wait is the runner's deadline.
 */
export async function observeWebsocket(settings: WebsocketSettings, ctx: CheckContext): Promise<WebsocketObservation> {
  const url = new URL(settings.url);
  const seen: WebsocketObservation = { url: redactUrl(url) };
  const scope = new SocketScope(ctx.signal);
  try {
    const ca = settings.ca_file === undefined ? undefined : await readCaFile(settings.ca_file);
    const transport = new URL(settings.url.replace(/^ws/, 'http'));
    const { socket, target } = await openConnection(transport, ctx, { verifyTls: settings.verify_tls, ...(ca && { ca }), track: (s) => scope.track(s) });
    await scope.race(converse(socket, target, settings, ctx, seen));
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    seen.failure = error instanceof Failure ? error.message : `${(error as Error).message ?? String(error)}`;
  } finally {
    scope.close();
  }
  return seen;
}

function converse(socket: Socket, target: string, settings: WebsocketSettings, ctx: CheckContext, seen: WebsocketObservation): Promise<void> {
  const expect = settings.expect ?? {};
  const wantsReply = expect.contains !== undefined || expect.regex !== undefined;
  return new Promise((resolve, reject) => {
    ctx.phases.enter('upgrade', target);
    const started = performance.now();
    const ws = new WebSocket(settings.url, {
      createConnection: () => socket,
      perMessageDeflate: false,
      maxPayload: MAX_MESSAGE_BYTES,
      followRedirects: false,
      headers: { 'User-Agent': 'tocsin' },
    });
    let sentAt = 0;
    const finish = (error?: Error) => {
      ws.removeAllListeners();
      ws.on('error', () => {});
      const done = () => (error ? reject(error) : resolve());
      if (ws.readyState !== WebSocket.OPEN) {
        ws.terminate();
        return done();
      }
      // Say goodbye properly (servers log a bare disconnect as an error), without timing it as the check's.
      ctx.phases.close();
      const grace = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      ws.once('close', () => {
        clearTimeout(grace);
        done();
      });
      ws.close(1000);
    };
    const waitForClose = () => (expect.close_code === undefined ? finish() : ctx.phases.enter('reply', target));
    ws.on('unexpected-response', (_request, response: IncomingMessage) => {
      response.resume();
      finish(
        new Failure(
          `${target} answered the upgrade with HTTP ${response.statusCode}${response.statusMessage ? ` ${response.statusMessage}` : ''} instead of 101 Switching Protocols`,
        ),
      );
    });
    ws.once('open', () => {
      seen.openMs = Math.round(performance.now() - started);
      if (settings.send !== undefined) ws.send(settings.send);
      sentAt = performance.now();
      if (wantsReply) ctx.phases.enter('reply', target);
      else waitForClose();
    });
    ws.on('message', (data: Buffer) => {
      if (!wantsReply || seen.reply) return;
      seen.reply = { data: Buffer.from(data), ms: Math.round(performance.now() - sentAt) };
      waitForClose();
    });
    ws.once('close', (code: number, reason: Buffer) => {
      seen.close = { code, reason: reason.toString('utf8').slice(0, 200) };
      finish();
    });
    ws.once('error', (error) => finish(new Failure(describeWsError(error, target, seen.openMs !== undefined))));
  });
}

/** Before the upgrade: a connection problem in the http check's words; after it, a broken frame. */
function describeWsError(error: Error, target: string, open: boolean): string {
  if (!open) return describeConnectionError(error, target, 'firstByte').replace(' before it answered', ' before completing the WebSocket upgrade');
  const tooBig = (error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
  if (tooBig) return `${target} sent a message larger than ${MAX_MESSAGE_BYTES / 1024} kB`;
  return `${target} broke the WebSocket protocol: ${error.message}`;
}
