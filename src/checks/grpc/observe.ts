import http2 from 'node:http2';
import { isIP, type Socket } from 'node:net';
import { once } from 'node:events';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { Failure, connectAny } from '../http/connect.js';
import { describeCertificate } from '../http/describe.js';
import { describeDnsError } from '../../lib/net/resolve.js';
import { resolveAllowed } from '../../lib/net/targets.js';
import { SocketScope } from '../tls/socket.js';
import type { CheckContext } from '../types.js';
import { readCaFile } from '../websocket/ca-file.js';
import { decodeHealthResponse, encodeHealthRequest, HEALTH_CHECK_PATH } from './health-codec.js';
import type { GrpcSettings } from './schema.js';
import { describeTransportError, portHint } from './transport-words.js';

/** What a gRPC health check saw, before any judgement. */
export interface GrpcObservation {
  /** `ip:port` connected to, or host:port before that. */
  target: string;
  service: string;
  failure?: string;
  /** The HTTP/2 answer: status and content type, the gRPC status (trailers or trailers-only headers). */
  http?: { status: number; contentType: string | undefined };
  grpc?: { code: number; message: string };
  /** The serving status from the body, or why the body could not be read. */
  health?: { status: number } | { problem: string };
  replyMs?: number;
}

/** A health answer is 7 bytes; anything past this is not one. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Calls grpc.health.v1.Health/Check over HTTP/2 (node:http2) on a socket tocsin connected to the
 * pinned address itself: plaintext with prior knowledge, or TLS with ALPN h2 and the certificate
 * verified before the call. Every wait is bounded by the runner's deadline.
 */
export async function observeGrpc(settings: GrpcSettings, ctx: CheckContext): Promise<GrpcObservation> {
  const host = settings.host.replace(/^\[(.*)\]$/, '$1');
  const seen: GrpcObservation = { target: isIP(host) === 6 ? `[${host}]:${settings.port}` : `${host}:${settings.port}`, service: settings.service };
  const scope = new SocketScope(ctx.signal);
  let session: http2.ClientHttp2Session | undefined;
  try {
    const ca = settings.ca_file === undefined ? undefined : await readCaFile(settings.ca_file);
    ctx.phases.enter('dns', host);
    const addresses = await resolve(host, settings.port, ctx);
    const { socket, target } = await connectAny(addresses, settings.port, ctx, { verifyTls: settings.verify_tls, track: (s) => scope.track(s) });
    seen.target = target;
    const transport = settings.tls ? await secure(socket, target, host, settings, ca, ctx, scope) : socket;
    ctx.phases.enter('reply', target);
    // :authority is the name as configured (proxies route on it); the socket is already on the pinned address.
    const authority = isIP(host) === 6 ? `[${host}]:${settings.port}` : `${host}:${settings.port}`;
    session = http2.connect(`${settings.tls ? 'https' : 'http'}://${authority}`, { createConnection: () => transport });
    session.on('error', () => {}); // reported through the stream
    await scope.race(call(session, settings.service, seen));
    if (!seen.http) seen.failure = `${seen.target} ended the connection without an HTTP/2 answer; ${portHint(settings.tls)}`;
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    seen.failure = error instanceof Failure ? error.message : describeTransportError(error, seen.target, ctx.phases.current, settings.tls);
  } finally {
    session?.destroy();
    scope.close();
  }
  return seen;
}

async function resolve(host: string, port: number, ctx: CheckContext): Promise<string[]> {
  try {
    const addresses = await resolveAllowed(host, port, ctx.targets, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    if (addresses.length === 0) throw new Error(`no address for ${host}`);
    return addresses;
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new Failure(describeDnsError(error, host));
  }
}

async function secure(
  socket: Socket,
  target: string,
  host: string,
  settings: GrpcSettings,
  ca: string | undefined,
  ctx: CheckContext,
  scope: SocketScope,
): Promise<TLSSocket> {
  ctx.phases.enter('tls', target);
  const name = settings.servername ?? host;
  // rejectUnauthorized: false keeps the certificate readable for the message; verified below.
  const tls = scope.track(
    tlsConnect({ socket, host: name, servername: isIP(name) ? undefined : name, ALPNProtocols: ['h2'], rejectUnauthorized: false, ...(ca && { ca }) }),
  );
  try {
    await once(tls, 'secureConnect', { signal: ctx.signal });
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new Failure(describeTransportError(error, target, 'tls', true));
  }
  if (settings.verify_tls && !tls.authorized) {
    const cert = tls.getPeerCertificate();
    const altNames = (cert.subjectaltname ?? '')
      .split(', ')
      .filter(Boolean)
      .map((n) => n.replace(/^(DNS|IP Address):/, ''));
    throw new Failure(
      describeCertificate(String(tls.authorizationError), name, { altNames, notBefore: new Date(cert.valid_from), notAfter: new Date(cert.valid_to) }),
    );
  }
  if (tls.alpnProtocol !== 'h2')
    throw new Failure(`${target} did not agree to HTTP/2 in the TLS handshake (ALPN ${tls.alpnProtocol || 'none'}); is this a gRPC port?`);
  return tls;
}

/** One unary call; resolves once the trailers (or a trailers-only answer) arrived. */
function call(session: http2.ClientHttp2Session, service: string, seen: GrpcObservation): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const stream = session.request({
      ':method': 'POST',
      ':path': HEALTH_CHECK_PATH,
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': 'tocsin',
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const readStatus = (headers: http2.IncomingHttpHeaders) => {
      const code = headers['grpc-status'];
      if (code === undefined) return;
      seen.grpc = { code: Number(code), message: decodeMessage(headers['grpc-message']) };
    };
    stream.on('response', (headers) => {
      seen.replyMs = Math.round(performance.now() - started);
      seen.http = { status: Number(headers[':status']), contentType: headers['content-type'] };
      readStatus(headers);
    });
    stream.on('trailers', readStatus);
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) return stream.close(http2.constants.NGHTTP2_CANCEL);
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (size > MAX_RESPONSE_BYTES) seen.health = { problem: `the response is larger than ${MAX_RESPONSE_BYTES / 1024} kB` };
      else if (seen.grpc?.code === 0) seen.health = decodeHealthResponse(Buffer.concat(chunks));
      resolve();
    });
    stream.on('error', reject);
    stream.end(encodeHealthRequest(service));
  });
}

/** grpc-message is percent-encoded (gRPC over HTTP/2 spec); a broken encoding is shown as sent. */
function decodeMessage(value: string | string[] | undefined): string {
  const text = (Array.isArray(value) ? value[0] : value) ?? '';
  try {
    return decodeURIComponent(text).slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
