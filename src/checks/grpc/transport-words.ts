import type { Phase } from '../../core/types.js';
import { describeConnectionError } from '../http/describe.js';

/**
 * The usual ways a gRPC call fails below gRPC, in words that point at the setting to fix: a
 * plaintext call to a TLS port, TLS to a plaintext port, HTTP/2 to an HTTP/1 server.
 */
export function describeTransportError(error: unknown, target: string, phase: Phase | undefined, tls: boolean): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return `${target} did not answer in TLS; is it a plaintext port (tls: false)?`;
  }
  if (phase === 'reply' && (code === 'ERR_HTTP2_ERROR' || code === 'ERR_HTTP2_SESSION_ERROR' || code === 'ERR_HTTP2_STREAM_ERROR')) {
    return `${target} did not speak HTTP/2 (${(error as Error).message}); ${portHint(tls)}`;
  }
  return describeConnectionError(error, target, phase);
}

export function portHint(tls: boolean): string {
  return tls ? 'is this a gRPC port?' : 'is this a gRPC port, or does it need tls: true?';
}
