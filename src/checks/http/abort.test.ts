import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Phases } from '../phases.js';
import { httpCheck } from './check.js';
import { httpSettings } from './schema.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A TCP server that accepts and then does only what `greet` says (perhaps nothing). */
async function silent(greet: (socket: Socket) => void = () => {}): Promise<{ port: number; accepted: Promise<Socket> }> {
  const server = createServer();
  servers.push(server);
  const accepted = new Promise<Socket>((resolve) =>
    server.once('connection', (socket) => {
      // Reading is what lets the server notice the client's FIN or RST.
      socket.resume();
      greet(socket);
      resolve(socket);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, accepted };
}

async function abortWhileHung(url: string, accepted: Promise<Socket>, phase: string) {
  const controller = new AbortController();
  const phases = new Phases();
  const running = httpCheck.run(httpSettings.parse({ url }), { signal: controller.signal, timeoutMs: 300, phases });
  const socket = await accepted;
  const closed = once(socket, 'close');
  // The check is now waiting on a server that will never finish; wait for it to settle into the phase.
  for (let i = 0; i < 250 && phases.current !== phase; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(phases.current).toBe(phase);
  const started = performance.now();
  controller.abort(new Error('deadline passed'));
  await expect(running).rejects.toThrow('deadline passed');
  await closed;
  expect(performance.now() - started).toBeLessThan(2000);
}

describe('http check when aborted', () => {
  it('closes the socket of a server that accepts and never answers', async () => {
    const { port, accepted } = await silent();
    await abortWhileHung(`http://127.0.0.1:${port}/`, accepted, 'firstByte');
  });

  it('closes the socket of a server that stops in the middle of the body', async () => {
    const { port, accepted } = await silent((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial'));
    await abortWhileHung(`http://127.0.0.1:${port}/`, accepted, 'body');
  });

  it('closes the socket of a server that never completes the TLS handshake', async () => {
    const { port, accepted } = await silent();
    await abortWhileHung(`https://127.0.0.1:${port}/`, accepted, 'tls');
  });

  it('rejects at once when the signal has already fired', async () => {
    const settings = httpSettings.parse({ url: 'http://127.0.0.1:9/' });
    const signal = AbortSignal.abort(new Error('too late'));
    await expect(httpCheck.run(settings, { signal, timeoutMs: 1, phases: new Phases() })).rejects.toThrow('too late');
  });
});
