import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Phases } from '../../src/checks/phases.js';
import type { CheckContext } from '../../src/checks/types.js';

/** A CheckContext like the runner's, with the abort in the test's hands. */
export function testContext(timeoutMs = 5000): { ctx: CheckContext; abort: () => void } {
  const controller = new AbortController();
  const ctx: CheckContext = { signal: controller.signal, timeoutMs, phases: new Phases() };
  return { ctx, abort: () => controller.abort(new Error(`timed out after ${timeoutMs} ms`)) };
}

/** Accepts connections on 127.0.0.1 and never sends a byte, like a wedged database. */
export interface SilentListener {
  port: number;
  /** Resolves when the first connection has been accepted. */
  accepted: Promise<void>;
  /** Resolves when the client closed every accepted connection. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startSilentListener(): Promise<SilentListener> {
  const sockets = new Set<Socket>();
  let closedOne: () => void = () => {};
  let firstAccepted: () => void = () => {};
  const accepted = new Promise<void>((resolve) => (firstAccepted = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    firstAccepted();
    socket.on('error', () => {});
    // Read and discard what the client sends: a socket nobody reads never notices the client hung up.
    socket.resume();
    socket.on('close', () => {
      sockets.delete(socket);
      closedOne();
    });
  });
  const port = await listen(server);
  return {
    port,
    accepted,
    async allClosed() {
      await accepted;
      while (sockets.size > 0) await new Promise<void>((resolve) => (closedOne = resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A 127.0.0.1 port nobody listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  server.close();
  await once(server, 'close');
  return port;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
