import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

/**
 * TCP peers that misbehave the ways real ones do, on 127.0.0.1 port 0: one that
 * accepts and never speaks, one that speaks a banner, a port with nobody
 * listening, and a listener whose backlog is full so connects hang in SYN.
 */
export interface TestListener {
  host: '127.0.0.1';
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections still open; 0 once every client has closed its side. */
  readonly open: number;
  /** Resolves once at least one connection was accepted and none is open any more. */
  allClosed(): Promise<void>;
  /** Resolves once the first connection has been accepted. */
  firstAccepted(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Accepts connections and never sends a byte: the peer a check must give up on.
 * It reads and discards what clients send, so a client's close is always seen.
 */
export function startSilentListener(): Promise<TestListener> {
  return listen((socket) => socket.resume());
}

export interface BannerServer extends TestListener {
  /** Everything clients sent, in arrival order. */
  readonly received: string;
}

export interface BannerOptions {
  /** Send the banner only once the client has sent this text (a reply to `send`). */
  after?: string;
  /** Close the connection right after the banner. Default: keep it open. */
  end?: boolean;
}

/** Sends `banner` (on connect, or once `after` arrived), then keeps the connection open or ends it. */
export async function startBannerServer(banner: string | Buffer, opts: BannerOptions = {}): Promise<BannerServer> {
  let received = '';
  const listener = await listen((socket) => {
    let sent = false;
    const speak = () => {
      sent = true;
      if (opts.end) socket.end(banner);
      else socket.write(banner);
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!sent && opts.after !== undefined && received.includes(opts.after)) speak();
    });
    if (opts.after === undefined) speak();
  });
  return Object.defineProperty(listener, 'received', { get: () => received, enumerable: true }) as BannerServer;
}

/** A port on 127.0.0.1 with nothing listening: connects are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listen(onConnection: (socket: Socket) => void): Promise<TestListener> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const waiters: Array<() => void> = [];
  const acceptWaiters: Array<() => void> = [];
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    acceptWaiters.splice(0).forEach((wake) => wake());
    // A client that resets (destroy with unread data) must not crash the test process.
    socket.on('error', () => {});
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) waiters.splice(0).forEach((wake) => wake());
    });
    onConnection(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    host: '127.0.0.1',
    port: (server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    firstAccepted: () => (accepted > 0 ? Promise.resolve() : new Promise<void>((resolve) => acceptWaiters.push(resolve))),
    allClosed: () => (accepted > 0 && sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface FullBacklogListener {
  host: '127.0.0.1';
  port: number;
  close(): Promise<void>;
}

// listen(0) leaves room for one queued connection; the kernel drops SYNs once
// the accept queue is full, so later connects wait in SYN_SENT. Node accepts
// eagerly and cannot hold a queue full, hence a small Python process.
const FULL_BACKLOG = `
import socket, sys
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(0)
port = server.getsockname()[1]
fillers = []
for _ in range(4):
    client = socket.socket()
    client.setblocking(False)
    client.connect_ex(("127.0.0.1", port))
    fillers.append(client)
print(port, flush=True)
sys.stdin.read()
`;

/** A listener that never accepts, with its backlog full: new connects hang in the connect phase. Needs python3. */
export async function startFullBacklogListener(): Promise<FullBacklogListener> {
  const child = spawn('python3', ['-c', FULL_BACKLOG], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const failed = Promise.race([once(child, 'error'), exited]).then(
    ([reason]) => {
      throw new Error(`startFullBacklogListener: python3 stopped before listening (${String(reason)})`);
    },
    (error: Error) => {
      throw new Error(`startFullBacklogListener needs python3: ${error.message}`);
    },
  );
  failed.catch(() => {}); // only awaited while starting; a later exit is close()'s business.
  const firstLine = once(createInterface({ input: child.stdout }), 'line').then(([line]) => Number(line));
  const port = await Promise.race([firstLine, failed]);
  return {
    host: '127.0.0.1',
    port,
    close: async () => {
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
