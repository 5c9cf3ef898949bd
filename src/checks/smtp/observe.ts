import type { Phases } from '../phases.js';
import { certificateFacts } from '../tls/certificate.js';
import { certificateName, failureText, openConnection } from '../tls/connect.js';
import type { TlsTesting } from '../tls/observe.js';
import { handshake, hostPort, SocketScope } from '../tls/socket.js';
import type { CheckContext } from '../types.js';
import { greet, quit, readyForTls, type SmtpStep } from './dialog.js';
import type { SmtpObservation } from './judge.js';
import type { SmtpSettings } from './schema.js';
import { SmtpSession } from './session.js';

/**
 * Connects, reads the banner, says EHLO, upgrades with STARTTLS when asked
 * (reading the certificate), and says QUIT. `testing` lets tests trust their own CA.
 */
export async function observeSmtp(settings: SmtpSettings, ctx: CheckContext, testing: TlsTesting = {}): Promise<SmtpObservation> {
  const target = hostPort(settings.host.replace(/^\[(.*)\]$/, '$1'), settings.port);
  const name = certificateName(settings.host);
  const observation: SmtpObservation = { target, name, exchange: {} };
  const scope = new SocketScope(ctx.signal);
  try {
    const { socket, address } = await openConnection(settings.host, settings.port, ctx, scope);
    let session = new SmtpSession(socket);
    await greet(session, scope, observation.exchange, { starttls: settings.starttls, enter: (step) => enter(ctx.phases, step, address) });
    if (readyForTls(observation.exchange)) {
      ctx.phases.enter('tls', address);
      const secure = await handshake({ socket: session.detach(), servername: name, ca: testing.ca }, scope);
      observation.certificate = certificateFacts(secure, name);
      session = new SmtpSession(secure);
    }
    ctx.phases.close();
    quit(session);
  } catch (error) {
    observation.failure = failureText(error, ctx);
  } finally {
    scope.close();
  }
  return observation;
}

/** EHLO has no phase of its own: it is a request like any other, named in the target. */
function enter(phases: Phases, step: SmtpStep, address: string): void {
  if (step === 'ehlo') phases.enter('send', `${address} (EHLO)`);
  else phases.enter(step, address);
}
