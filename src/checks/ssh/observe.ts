import { failureText, openConnection } from '../tls/connect.js';
import { hostPort, SocketScope } from '../tls/socket.js';
import type { CheckContext } from '../types.js';
import { readIdentification, type Identification } from './ident.js';
import type { SshSettings } from './schema.js';
import type { SessionOutcome } from './session.js';

/** What an SSH check saw, before any judgement. */
export interface SshObservation {
  /** The address connected to (or `host:port` when connecting failed). */
  target: string;
  /** What ended the observation early (resolving, connecting, a bad private_key), in words. */
  failure?: string;
  identification?: Identification;
  session?: SessionOutcome;
}

/** Connects, reads the identification, runs the key exchange and, with credentials, logs in. */
export async function observeSsh(settings: SshSettings, ctx: CheckContext): Promise<SshObservation> {
  const observation: SshObservation = { target: hostPort(settings.host.replace(/^\[(.*)\]$/, '$1'), settings.port) };
  const scope = new SocketScope(ctx.signal);
  try {
    const { socket, address } = await openConnection(settings.host, settings.port, ctx, scope);
    observation.target = address;
    ctx.phases.enter('banner', address);
    observation.identification = await readIdentification(socket, scope);
    if (observation.identification.line === undefined || !speaksSsh2(observation.identification.line)) return observation;
    ctx.phases.enter('handshake', address);
    // Loaded on first use: ssh2 allocates a 16 MB WebAssembly memory for Poly1305 when it is imported,
    // which every engine paid for, SSH monitors or not (issue 14: ≤ 100 MB for a small install).
    const { runSession } = await import('./session.js');
    observation.session = await runSession(socket, settings, scope, { authenticating: () => ctx.phases.enter('auth', address) });
    return observation;
  } catch (error) {
    observation.failure = failureText(error, ctx);
    return observation;
  } finally {
    ctx.phases.close();
    scope.close();
  }
}

/** SSH-2.0, or 1.99 (a server that speaks both): what a client of today can talk to. */
export function speaksSsh2(line: string): boolean {
  return /^SSH-(2\.0|1\.99)-/.test(line);
}
