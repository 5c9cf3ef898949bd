import type net from 'node:net';
import type { SocketScope } from '../tls/socket.js';

/** What the server sent before the key exchange, and how reading ended. */
export interface Identification {
  /** The `SSH-protoversion-softwareversion comments` line, without CRLF; absent when none came. */
  line?: string;
  /** Everything read, kept to hand back to the SSH client; also what a non-SSH peer said. */
  bytes: Buffer;
  end: 'found' | 'closed' | 'limit';
}

/**
 * RFC 4253 §4.2 allows other lines before the identification, which is at most 255 characters;
 * a peer that sent this much without one is not an SSH server.
 */
export const IDENT_LIMIT = 8 * 1024;

/**
 * Reads until the `SSH-` line, then pauses the socket and puts every byte back (unshift), so the
 * SSH client that takes over the socket parses the greeting as if it had read it itself.
 */
export function readIdentification(socket: net.Socket, scope: SocketScope): Promise<Identification> {
  let bytes = Buffer.alloc(0);
  return scope.race(
    new Promise<Identification>((resolve) => {
      const finish = (end: Identification['end'], line?: string) => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.pause();
        if (end === 'found') socket.unshift(bytes);
        resolve(line === undefined ? { bytes, end } : { line, bytes, end });
      };
      const onData = (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        const line = identLine(bytes);
        if (line !== undefined) finish('found', line);
        else if (bytes.length >= IDENT_LIMIT) finish('limit');
      };
      const onEnd = () => finish('closed');
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
    }),
  );
}

/** The first complete line starting with `SSH-`, or undefined. */
function identLine(bytes: Buffer): string | undefined {
  const lines = bytes.toString('latin1').split('\n');
  lines.pop(); // the last piece has no line end yet
  return lines.find((line) => line.startsWith('SSH-'))?.replace(/\r$/, '');
}
