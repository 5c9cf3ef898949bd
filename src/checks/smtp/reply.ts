/** One SMTP reply: `250-first\r\n250 last` → code 250, lines ['first', 'last']. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/** A reply larger than this is not a mail server talking; stop buffering it. */
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * Splits a byte stream into SMTP replies (RFC 5321 §4.2): lines of
 * `code-text` continue a reply, `code text` (or a bare code) ends it.
 * Pure and incremental, so the socket code only feeds chunks in.
 */
export class ReplyParser {
  private buffer = '';
  private pending: string[] = [];

  /** Feeds bytes; returns the replies they completed. Throws on a line that is not SMTP. */
  feed(chunk: string): SmtpReply[] {
    this.buffer += chunk;
    if (this.buffer.length > MAX_REPLY_BYTES) throw new Error(`reply longer than ${MAX_REPLY_BYTES} bytes`);
    const replies: SmtpReply[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      const reply = this.line(line);
      if (reply) replies.push(reply);
    }
    return replies;
  }

  /** Nothing buffered: no partial line, no unfinished multi-line reply. */
  get idle(): boolean {
    return this.buffer === '' && this.pending.length === 0;
  }

  private line(line: string): SmtpReply | undefined {
    const match = /^(\d{3})([ -]|$)(.*)$/.exec(line);
    if (!match) throw new Error(`not an SMTP reply: ${JSON.stringify(line.slice(0, 80))}`);
    const [, code = '', separator, text = ''] = match;
    this.pending.push(text);
    if (separator === '-') return undefined;
    const reply = { code: Number(code), lines: this.pending };
    this.pending = [];
    return reply;
  }
}

/** `554 5.7.1 go away`: the code and first line, shortened for a one-line message. */
export function replyText(reply: SmtpReply, max = 200): string {
  const text = `${reply.code} ${reply.lines[0] ?? ''}`.trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** EHLO extension keywords, upper-cased: `250-STARTTLS` → STARTTLS. The first line is the greeting. */
export function ehloExtensions(reply: SmtpReply): string[] {
  return reply.lines
    .slice(1)
    .map((line) => (line.split(' ')[0] ?? '').toUpperCase())
    .filter((word) => word !== '');
}
