import type net from 'node:net';
import { ReplyParser, type SmtpReply } from './reply.js';

/**
 * Request/reply over a plain or TLS socket. Replies are queued as they arrive
 * and handed out in order; a closed or failed connection fails the reader
 * that is waiting. Aborting is the caller's business (it destroys the socket,
 * which ends up here as "closed").
 */
export class SmtpSession {
  private readonly parser = new ReplyParser();
  private readonly replies: SmtpReply[] = [];
  private waiting: { resolve: (reply: SmtpReply) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer) => this.data(chunk);
  private readonly onError = (error: Error) => this.fail(error);
  private readonly onClose = () => this.fail(new Error('the server closed the connection'));

  constructor(private readonly socket: net.Socket) {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** The next reply. */
  read(): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Sends one command line and reads its reply. */
  command(line: string): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  /** Sends a last command and closes our side. */
  end(line: string): void {
    this.socket.end(`${line}\r\n`);
  }

  /**
   * Stops listening so the socket can be handed to TLS. Anything the server
   * sent after its reply to STARTTLS would be plaintext injected ahead of the
   * handshake (CVE-2011-0411), so that is refused.
   */
  detach(): net.Socket {
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onClose);
    if (this.replies.length > 0 || !this.parser.idle) throw new Error('the server sent data after its STARTTLS reply, before the handshake');
    return this.socket;
  }

  private data(chunk: Buffer): void {
    try {
      for (const reply of this.parser.feed(chunk.toString('latin1'))) this.replies.push(reply);
    } catch (error) {
      this.fail(error as Error);
      this.socket.destroy();
      return;
    }
    const waiting = this.waiting;
    const reply = waiting && this.replies.shift();
    if (waiting && reply) {
      this.waiting = undefined;
      waiting.resolve(reply);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }
}
