import { readFile } from 'node:fs/promises';
import type { SmtpExchange } from '../smtp/dialog.js';
import { greet, quit, readyForTls } from '../smtp/dialog.js';
import { SmtpSession } from '../smtp/session.js';
import type { CheckContext } from '../types.js';
import { certificateFacts } from './certificate.js';
import { certificateName, failureText, openConnection } from './connect.js';
import type { CertificateFacts } from './judge.js';
import type { TlsSettings } from './schema.js';
import { handshake, hostPort, SocketScope } from './socket.js';

export interface TlsObservation {
  /** `host:port` as configured. */
  target: string;
  /** The name the certificate must cover. */
  name: string;
  /** What ended the observation early, in words. */
  failure?: string;
  /** Why the check could not be made at all (an unreadable ca_file): no evidence about the server. */
  unusable?: string;
  /** The SMTP greeting, with `starttls: smtp`. */
  smtp?: SmtpExchange;
  certificate?: CertificateFacts;
}

/** Not part of the settings: tests use it to trust their own CA. */
export interface TlsTesting {
  ca?: string | string[];
}

/** Connects, upgrades with STARTTLS if asked, shakes hands and reads the certificate. */
export async function observeTls(settings: TlsSettings, ctx: CheckContext, testing: TlsTesting = {}): Promise<TlsObservation> {
  const target = hostPort(settings.host.replace(/^\[(.*)\]$/, '$1'), settings.port);
  const name = certificateName(settings.host, settings.servername);
  const observation: TlsObservation = { target, name };
  let ca = testing.ca;
  if (settings.ca_file !== undefined) {
    try {
      ca = await readFile(settings.ca_file, 'utf8');
    } catch (error) {
      observation.unusable = `cannot read ca_file ${settings.ca_file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      return observation;
    }
  }
  const scope = new SocketScope(ctx.signal);
  try {
    const { socket, address } = await openConnection(settings.host, settings.port, ctx, scope);
    let plain = socket;
    if (settings.starttls === 'smtp') {
      const session = new SmtpSession(socket);
      observation.smtp = {};
      await greet(session, scope, observation.smtp, { starttls: true, enter: () => ctx.phases.enter('starttls', address) });
      if (!readyForTls(observation.smtp)) {
        quit(session);
        return observation;
      }
      plain = session.detach();
    }
    ctx.phases.enter('tls', address);
    const secure = await handshake({ socket: plain, servername: name, ca }, scope);
    ctx.phases.close();
    observation.certificate = certificateFacts(secure, name);
    secure.end();
    return observation;
  } catch (error) {
    observation.failure = failureText(error, ctx);
    return observation;
  } finally {
    scope.close();
  }
}
