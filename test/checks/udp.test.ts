/**
 * The udp check against real sockets on 127.0.0.1 and ::1 started on port 0: an echo server,
 * a silent one (the runner's deadline names the reply phase), and a closed port.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { udpCheck } from '../../src/checks/udp/check.js';
import { udpSettings } from '../../src/checks/udp/schema.js';
import { probeTargetPolicy } from '../../src/core/targets/policy.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import { testContext } from '../helpers/check-context.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** A socket on port 0 that answers each datagram with `answer(datagram)`, or stays silent. */
async function server(type: 'udp4' | 'udp6', answer?: (datagram: Buffer) => Buffer): Promise<{ port: number; received: Buffer[] }> {
  const socket = createSocket(type);
  sockets.push(socket);
  const received: Buffer[] = [];
  socket.on('message', (datagram, from) => {
    received.push(datagram);
    if (answer) socket.send(answer(datagram), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', resolve));
  return { port: socket.address().port, received };
}

const settings = (fields: Record<string, unknown>) => udpSettings.parse(fields);

describe('udp check', () => {
  it('sends the text and judges the echo', async () => {
    const echo = await server('udp4', (d) => Buffer.concat([Buffer.from('echo: '), d]));
    const result = await udpCheck.run(settings({ host: '127.0.0.1', port: echo.port, send: 'ping', expect: { contains: 'echo: ping' } }), testContext().ctx);
    expect(result).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^127\.0\.0\.1:\d+ replied 10 bytes in \d+ ms; the reply contains "echo: ping"$/),
    });
    expect(echo.received.map(String)).toEqual(['ping']);
    expect(result.timings).toMatchObject({ dns: expect.any(Number), send: expect.any(Number), reply: expect.any(Number) });
  });

  it('sends hex bytes over IPv6 and matches the reply with a regex', async () => {
    const ntpish = await server('udp6', () => Buffer.from('stratum 2 ok'));
    const result = await udpCheck.run(
      settings({ host: '::1', port: ntpish.port, send_hex: '1b00ff', expect: { regex: '^stratum [0-9]+' } }),
      testContext().ctx,
    );
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/^\[::1\]:\d+ replied 12 bytes/) });
    expect(ntpish.received[0]).toEqual(Buffer.from([0x1b, 0x00, 0xff]));
  });

  it('quotes a reply that lacks the expected text', async () => {
    const wrong = await server('udp4', () => Buffer.from('-ERR\r\n'));
    const result = await udpCheck.run(settings({ host: '127.0.0.1', port: wrong.port, send: 'x', expect: { contains: 'OK' } }), testContext().ctx);
    expect(result).toMatchObject({ status: 'down', message: `reply from 127.0.0.1:${wrong.port}: "-ERR\\r\\n", expected it to contain "OK"` });
  });

  it('times out waiting for the reply of a silent peer, naming the phase', async () => {
    const silent = await server('udp4');
    const started = performance.now();
    const result = await runWithDeadline((ctx) => udpCheck.run(settings({ host: '127.0.0.1', port: silent.port, send: 'hello?' }), ctx), 800);
    expect(result).toMatchObject({ status: 'down', message: `timed out after 800 ms waiting for the reply from 127.0.0.1:${silent.port}` });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(silent.received.map(String)).toEqual(['hello?']);
  });

  it('says nothing listens when the port answers with ICMP port unreachable', async () => {
    const closed = await server('udp4');
    const port = closed.port;
    sockets.pop()?.close();
    const result = await runWithDeadline((ctx) => udpCheck.run(settings({ host: '127.0.0.1', port, send: 'x' }), ctx), 3000);
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${port} refused the datagram (ICMP port unreachable: nothing listens there)` });
  });

  it('refuses an address server.probe_targets denies, without sending', async () => {
    const echo = await server('udp4', (d) => d);
    const { ctx } = testContext();
    const result = await udpCheck.run(settings({ host: '127.0.0.1', port: echo.port, send: 'x' }), {
      ...ctx,
      targets: probeTargetPolicy({ allow: [], deny: ['127.0.0.0/8'] }),
    });
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${echo.port} is not allowed by server.probe_targets (deny 127.0.0.0/8)` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(echo.received).toEqual([]);
  });
});

describe('udp settings', () => {
  it.each([
    [{ host: 'h', port: 1 }, 'send: expected exactly one of send (text) or send_hex (bytes): a UDP check must send a datagram to get a reply'],
    [
      { host: 'h', port: 1, send: 'a', send_hex: '00' },
      'send: expected exactly one of send (text) or send_hex (bytes): a UDP check must send a datagram to get a reply',
    ],
    [{ host: 'h', port: 1, send_hex: '0x1b' }, 'send_hex: expected send_hex as pairs of hex digits such as "1b00" (no spaces or 0x)'],
    [{ host: 'h', port: 1, send: 'x'.repeat(4097) }, 'send: expected at most 4096 characters'],
    [{ host: 'h', port: 1, send: 'a', expect: { regex: '(a)\\1' } }, expect.stringMatching(/^expect\.regex: expected a regular expression in RE2 syntax/)],
  ])('refuses %j', (input, message) => {
    const parsed = udpSettings.safeParse(input);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(`${issue.path.join('.')}: ${issue.message}`).toEqual(message);
  });
});
