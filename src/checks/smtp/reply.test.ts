import { describe, expect, it } from 'vitest';
import { ehloExtensions, ReplyParser, replyText } from './reply.js';

describe('ReplyParser', () => {
  const cases: Array<{ name: string; chunks: string[]; replies: Array<{ code: number; lines: string[] }> }> = [
    { name: 'reads a one-line reply', chunks: ['220 mx ESMTP ready\r\n'], replies: [{ code: 220, lines: ['mx ESMTP ready'] }] },
    {
      name: 'joins the lines of a multi-line reply',
      chunks: ['250-mx greets you\r\n250-PIPELINING\r\n250 STARTTLS\r\n'],
      replies: [{ code: 250, lines: ['mx greets you', 'PIPELINING', 'STARTTLS'] }],
    },
    {
      name: 'waits for the rest of a reply split across chunks',
      chunks: ['250-mx\r\n25', '0-SIZE 10\r', '\n250 8BITMIME\r\n'],
      replies: [{ code: 250, lines: ['mx', 'SIZE 10', '8BITMIME'] }],
    },
    { name: 'accepts bare line feeds and a bare code', chunks: ['220\n'], replies: [{ code: 220, lines: [''] }] },
    {
      name: 'returns several replies from one chunk in order',
      chunks: ['221 bye\r\n554 no\r\n'],
      replies: [
        { code: 221, lines: ['bye'] },
        { code: 554, lines: ['no'] },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parser = new ReplyParser();
      expect(c.chunks.flatMap((chunk) => parser.feed(chunk))).toEqual(c.replies);
      expect(parser.idle).toBe(true);
    });
  }

  it('is not idle while a multi-line reply is unfinished', () => {
    const parser = new ReplyParser();
    expect(parser.feed('250-mx\r\n')).toEqual([]);
    expect(parser.idle).toBe(false);
  });

  it('refuses a line that is not an SMTP reply', () => {
    expect(() => new ReplyParser().feed('HTTP/1.1 400 Bad Request\r\n')).toThrow('not an SMTP reply: "HTTP/1.1 400 Bad Request"');
  });

  it('stops buffering a reply that never ends', () => {
    const parser = new ReplyParser();
    expect(() => parser.feed('2'.repeat(70_000))).toThrow('reply longer than 65536 bytes');
  });
});

describe('replyText', () => {
  it('shows the code and the first line', () => {
    expect(replyText({ code: 250, lines: ['mx greets you', 'STARTTLS'] })).toBe('250 mx greets you');
  });

  it('shortens a very long line', () => {
    expect(replyText({ code: 554, lines: ['x'.repeat(500)] }, 20)).toBe(`554 ${'x'.repeat(15)}…`);
  });
});

describe('ehloExtensions', () => {
  it('lists the keywords after the greeting line, upper-cased', () => {
    expect(ehloExtensions({ code: 250, lines: ['mx', 'size 1000', 'STARTTLS', '8BITMIME'] })).toEqual(['SIZE', 'STARTTLS', '8BITMIME']);
  });
});
