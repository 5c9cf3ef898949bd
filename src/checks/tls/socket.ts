import net from 'node:net';
import tls from 'node:tls';

/**
 * Owns the sockets of one check run. When the runner's deadline aborts the
 * signal, every socket is destroyed at once and whatever the check awaits
 * through `race` rejects with the abort reason, so a server that never answers
 * cannot keep a check (or its file descriptor) alive past its deadline.
 */
export class SocketScope {
  private readonly sockets = new Set<net.Socket>();
  private readonly aborted: Promise<never>;
  private readonly onAbort: () => void;

  constructor(private readonly signal: AbortSignal) {
    let rejectAborted: (reason: unknown) => void = () => {};
    this.aborted = new Promise<never>((_, reject) => (rejectAborted = reject));
    // The rejection is observed through `race`; this only silences "unhandled" when nobody races.
    this.aborted.catch(() => {});
    this.onAbort = () => {
      this.destroyAll();
      rejectAborted(signal.reason);
    };
    if (signal.aborted) this.onAbort();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Registers a socket so abort and `close` destroy it; late errors are ignored, not thrown. */
  track<S extends net.Socket>(socket: S): S {
    socket.on('error', () => {});
    this.sockets.add(socket);
    if (this.signal.aborted) socket.destroy();
    return socket;
  }

  /** Settles like `work`, or rejects with the abort reason as soon as the signal aborts. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.aborted]);
  }

  /** Destroys every socket; call once the check is done, whatever happened. */
  close(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.destroyAll();
  }

  /**
   * Newest first: a TLS socket must go before the plain socket it wraps.
   * Destroying the plain socket under a live TLSSocket crashes Node 20 with a
   * segmentation fault (seen in this project's tests).
   */
  private destroyAll(): void {
    for (const socket of [...this.sockets].reverse()) socket.destroy();
  }
}

/** `10.0.0.5:443`, `[2001:db8::1]:443`. */
export function hostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Plain TCP to an IP address (never a name: that would go through dns.lookup). */
export function connectTcp(ip: string, port: number, scope: SocketScope): Promise<net.Socket> {
  const socket = scope.track(net.connect({ host: ip, port }));
  return scope.race(
    new Promise<net.Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    }),
  );
}

export interface HandshakeOptions {
  socket: net.Socket;
  /** SNI; omitted for IP addresses, which SNI does not allow. */
  servername?: string;
  /** Trust store override, for tests only. */
  ca?: string | string[];
}

/**
 * TLS over an already connected socket. Verification is not enforced here:
 * the handshake completes so the certificate can be read and judged, and the
 * chain verdict is read from `authorized`/`authorizationError`. The host name
 * is checked separately, so `checkServerIdentity` is a no-op to keep
 * `authorizationError` about the chain only.
 */
export function handshake(options: HandshakeOptions, scope: SocketScope): Promise<tls.TLSSocket> {
  const secure = scope.track(
    tls.connect({
      socket: options.socket,
      servername: options.servername && !net.isIP(options.servername) ? options.servername : undefined,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ca: options.ca,
    }),
  );
  return scope.race(
    new Promise<tls.TLSSocket>((resolve, reject) => {
      secure.once('secureConnect', () => resolve(secure));
      secure.once('error', reject);
      secure.once('close', () => reject(new Error('the server closed the connection during the handshake')));
    }),
  );
}

/** A socket error in words, naming the target. */
export function describeSocketError(error: unknown, target: string): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${target}`;
    case 'ECONNRESET':
      return `${target} reset the connection`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${target}`;
    case 'ETIMEDOUT':
      return `connection to ${target} timed out`;
    default:
      return `${target}: ${(error as Error).message ?? String(error)}`;
  }
}
