import { describe, expect, it } from 'vitest';
import type { Status } from '../../core/types.js';
import { judgeWebsocket } from './judge.js';
import type { WebsocketObservation } from './observe.js';
import type { WebsocketSettings } from './schema.js';

const url = 'wss://live.example.org/socket';
const opened = (extra: Partial<WebsocketObservation> = {}): WebsocketObservation => ({ url, openMs: 12, ...extra });
const reply = (text: string) => ({ data: Buffer.from(text), ms: 3 });

describe('judgeWebsocket', () => {
  const cases: Array<[string, WebsocketObservation, Pick<WebsocketSettings, 'expect'>, Status, string]> = [
    ['is up once the upgrade succeeds when nothing more is asked', opened(), {}, 'up', 'opened wss://live.example.org/socket in 12 ms'],
    [
      'is up when the reply contains the text',
      opened({ reply: reply('{"pong":1}') }),
      { expect: { contains: 'pong' } },
      'up',
      'opened wss://live.example.org/socket in 12 ms; the reply contains "pong" (after 3 ms)',
    ],
    [
      'is up when the reply matches',
      opened({ reply: reply('v2.1') }),
      { expect: { regex: '^v\\d' } },
      'up',
      'opened wss://live.example.org/socket in 12 ms; the reply matches /^v\\d/ (after 3 ms)',
    ],
    [
      'is up when the server closes with the expected code',
      opened({ close: { code: 4001, reason: 'bye' } }),
      { expect: { close_code: 4001 } },
      'up',
      'opened wss://live.example.org/socket in 12 ms; closed with 4001 as expected',
    ],
    [
      'quotes a reply that lacks the text',
      opened({ reply: reply('error: busy') }),
      { expect: { contains: 'pong' } },
      'down',
      'message from wss://live.example.org/socket: "error: busy", expected it to contain "pong"',
    ],
    [
      'says the server closed before replying, with the code in words',
      opened({ close: { code: 1011, reason: 'database down' } }),
      { expect: { contains: 'pong' } },
      'down',
      'wss://live.example.org/socket closed the connection with 1011 (internal error): "database down" before sending a message',
    ],
    [
      'is down when the server closes unasked',
      opened({ close: { code: 1008, reason: '' } }),
      {},
      'down',
      'wss://live.example.org/socket closed the connection with 1008 (policy violation)',
    ],
    [
      'is down on another close code than expected',
      opened({ close: { code: 1000, reason: '' } }),
      { expect: { close_code: 4001 } },
      'down',
      "wss://live.example.org/socket closed the connection with 1000 (normal closure), expected close code 4001 (the application's own code)",
    ],
    ['passes a connection failure on', { url, failure: 'connection refused by 10.0.0.5:443' }, {}, 'down', 'connection refused by 10.0.0.5:443'],
  ];
  it.each(cases)('%s', (_name, seen, settings, status, message) => {
    expect(judgeWebsocket(seen, settings)).toMatchObject({ status, message });
  });

  it('reports the open and reply times as metrics', () => {
    expect(judgeWebsocket(opened({ reply: reply('pong') }), { expect: { contains: 'pong' } }).metrics).toEqual({
      websocket_open_ms: 12,
      websocket_reply_ms: 3,
    });
  });
});
