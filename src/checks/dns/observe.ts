import type { CheckContext } from '../types.js';
import { makeResolver, withCancel } from '../../lib/net/resolve.js';
import { refusal } from '../../lib/net/targets.js';
import { queryRecords, type DnsRecordType } from './records.js';
import type { DnsSettings } from './schema.js';

/** What a DNS check saw: the answers, or the resolver's error code. */
export type DnsObservation = {
  name: string;
  record: DnsRecordType;
  /** The resolver asked, for messages: the `resolver` setting or the system's servers. */
  via: string;
} & ({ answers: string[] } | { code: string | undefined; error: string });

/**
 * Queries through c-ares (never dns.lookup, whose thread pool one hung resolver
 * exhausts). On abort the resolver's queries are cancelled and the signal's
 * reason is thrown.
 */
export async function observeDns(name: string, settings: Pick<DnsSettings, 'record' | 'resolver'>, ctx: CheckContext): Promise<DnsObservation> {
  const resolver = makeResolver(ctx.timeoutMs, settings.resolver);
  const via = settings.resolver ?? (resolver.getServers().join(', ') || 'the system resolver');
  const seen = { name, record: settings.record, via };
  ctx.phases.enter('dns', `${name} ${settings.record} via ${via}`);
  // The configured resolver is the one address this check connects to; the system's are the host's own business.
  const refused = settings.resolver && refusalOfResolver(settings.resolver, ctx);
  if (refused) return { ...seen, code: 'ETARGETREFUSED', error: `the resolver ${refused}` };
  try {
    return { ...seen, answers: await withCancel(resolver, ctx.signal, () => queryRecords(resolver, name, settings.record)) };
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const { code, message } = error as NodeJS.ErrnoException;
    return { ...seen, code, error: message };
  }
}

/** The `resolver` setting (10.0.0.2, 10.0.0.2:5353, [::1]:53, ::1) checked against server.probe_targets. */
function refusalOfResolver(resolver: string, ctx: CheckContext): string | undefined {
  const [, bracketed, v4, port] = /^(?:\[(.*)\]|(\d[\d.]*))(?::(\d+))?$/.exec(resolver) ?? [];
  const address = bracketed ?? v4 ?? resolver;
  return refusal(ctx.targets, address, address, Number(port ?? 53));
}
