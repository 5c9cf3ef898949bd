import { TocsinError } from './errors.js';

/**
 * Node's "listen EADDRINUSE: address already in use 127.0.0.1:8080" says what but not what to do;
 * these say which port and how to choose another. Other errors pass through unchanged.
 */
export function explainListenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const choose = 'choose another with server.listen in the config file or tocsin start --listen host:port';
  if (code === 'EADDRINUSE') {
    return new TocsinError(
      'unavailable',
      `cannot listen on ${where}: port ${port} is already in use (another tocsin, or another program, holds it; \`ss -ltnp 'sport = :${port}'\` shows which); stop it or ${choose}`,
    );
  }
  if (code === 'EACCES') {
    return new TocsinError(
      'unavailable',
      `cannot listen on ${where}: port ${port} needs privileges this user lacks (ports below 1024 do); ${choose}, or put a reverse proxy in front (docs/deploy.md)`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new TocsinError('unavailable', `cannot listen on ${where}: ${host} is not an address of this machine; ${choose}`);
  }
  return error;
}
