import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Phases } from '../phases.js';
import { connectAny, Failure } from './connect.js';

const opened: Socket[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const socket of opened.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});

const ctx = () => ({ signal: AbortSignal.timeout(10_000), timeoutMs: 10_000, phases: new Phases() });
const options = { verifyTls: true, track: (socket: Socket) => void opened.push(socket.on('error', () => {})) };

async function listening(): Promise<number> {
  const server = createServer((socket) => socket.resume());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('connectAny', () => {
  it('moves on to the next address when one refuses', async () => {
    const port = await listening();
    const connection = await connectAny(['::1', '127.0.0.1'], port, ctx(), options);
    expect(connection.target).toBe(`127.0.0.1:${port}`);
  });

  it('names every address that failed', async () => {
    const port = await listening();
    servers.splice(0).forEach((server) => server.close());
    const failure = connectAny(['::1', '127.0.0.1'], port, ctx(), options);
    await expect(failure).rejects.toBeInstanceOf(Failure);
    await expect(failure).rejects.toThrow(`connection refused by [::1]:${port}; connection refused by 127.0.0.1:${port}`);
  });
});
