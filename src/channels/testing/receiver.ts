/**
 * A real HTTP server on 127.0.0.1, port 0, that records every request byte
 * for byte and answers as a test scripts it: a status, or never (to prove the
 * sender's deadline closes the socket). Tests only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path and query as sent. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  url: string;
  requests: Received[];
  /** Resolves when the n-th connection (1-based) has closed. */
  closed(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(reply: (request: Received) => Reply = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const requests: Received[] = [];
  const closes: Array<Promise<void>> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(received);
      const answer = reply(received);
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  server.on('connection', (socket) => closes.push(new Promise((resolve) => socket.on('close', () => resolve()))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closed: async (n) => {
      for (let i = 0; i < 200 && closes.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      await closes[n - 1];
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
