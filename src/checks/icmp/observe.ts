import { isIP, isIPv6 } from 'node:net';
import { describeDnsError, resolveHost } from '../../lib/net/resolve.js';
import { TargetRefused } from '../../lib/net/targets.js';
import type { CheckContext } from '../types.js';
import { parsePingOutput, type EchoRun } from './ping-output.js';
import { runPing } from './run-ping.js';
import type { IcmpSettings } from './schema.js';

/** What an ICMP check saw, before any judgement. */
export type IcmpObservation =
  | { outcome: 'unresolved'; reason: string }
  | { outcome: 'echoed'; target: string; run: EchoRun }
  /** ping could not send at all: the network is unreachable from here. */
  | { outcome: 'unreachable'; target: string; detail: string }
  /** Nothing was learnt about the target: tocsin could not ping (privilege, no binary, odd output). */
  | { outcome: 'cannot-ping'; target: string; why: string };

/** Not part of the settings: tests run ping under another user or in a network namespace. */
export interface IcmpTesting {
  /** Prepended to the ping command line, e.g. ['setpriv', '--reuid=65534', …]. */
  wrapper?: string[];
  /** The ping program; `ping` on PATH by default. */
  program?: string;
}

/**
 * Node has no ICMP socket (dgram is UDP only), so echoes go through iputils' ping, which opens an
 * unprivileged datagram ICMP socket where net.ipv4.ping_group_range allows it and otherwise needs
 * CAP_NET_RAW. The name is resolved here (c-ares, server.probe_targets) and ping gets the address.
 */
export async function observeIcmp(settings: IcmpSettings, ctx: CheckContext, testing: IcmpTesting = {}): Promise<IcmpObservation> {
  ctx.phases.enter('dns', settings.host);
  let ip: string;
  try {
    ip = await allowedAddress(settings, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return { outcome: 'unresolved', reason: error instanceof NoAddress ? error.message : describeDnsError(error, settings.host) };
  }
  const misfit = spanProblem(settings, ctx.timeoutMs);
  if (misfit) return { outcome: 'cannot-ping', target: ip, why: misfit };
  ctx.phases.enter('reply', ip);
  const outcome = await runPing([...(testing.wrapper ?? []), testing.program ?? 'ping', ...pingArguments(settings, ip, ctx.timeoutMs)], ctx.signal);
  if (outcome.kind === 'aborted') throw ctx.signal.reason;
  if (outcome.kind === 'noSlot') return { outcome: 'cannot-ping', target: ip, why: `ping never started: ${outcome.why}` };
  if (outcome.kind === 'spawnFailed') {
    const why = outcome.errno === 'ENOENT' ? 'the ping program (Debian package iputils-ping) is not installed' : `could not start ping: ${outcome.detail}`;
    return { outcome: 'cannot-ping', target: ip, why };
  }
  const run = parsePingOutput(outcome.stdout);
  if (run) return { outcome: 'echoed', target: ip, run };
  return failure(ip, outcome.stderr.trim() || outcome.stdout.trim(), outcome.code);
}

/** Kept back from the deadline for starting ping and reading its report. */
const START_MARGIN_MS = 500;
/** The shortest wait for the last reply worth asking for. */
const MIN_WAIT_MS = 200;

/** Echoes that cannot all be sent and answered before the deadline would read as a hung target. */
export function spanProblem(settings: IcmpSettings, timeoutMs: number): string | undefined {
  const needed = (settings.count - 1) * settings.echo_interval + MIN_WAIT_MS + START_MARGIN_MS;
  if (needed <= timeoutMs) return undefined;
  return (
    `${settings.count} echoes ${settings.echo_interval} ms apart need ${needed} ms (${MIN_WAIT_MS} ms at least for the last reply, ${START_MARGIN_MS} ms to start ping), ` +
    `more than the monitor's timeout of ${timeoutMs} ms: raise timeout, or lower count or echo_interval`
  );
}

/** Each reply is waited for what is left of the deadline after the last request (0.2 to 10 s), so ping ends first. */
export function pingArguments(settings: IcmpSettings, ip: string, timeoutMs: number): string[] {
  const sending = (settings.count - 1) * settings.echo_interval;
  const waitMs = Math.min(10_000, Math.max(MIN_WAIT_MS, timeoutMs - sending - START_MARGIN_MS));
  const family = isIPv6(ip) ? '-6' : '-4';
  return ['-n', family, '-c', String(settings.count), '-i', (settings.echo_interval / 1000).toFixed(3), '-W', (Math.floor(waitMs / 100) / 10).toFixed(1), ip];
}

/** ping printed no report: say why in words, keeping "no privilege" apart from "target down". */
function failure(target: string, said: string, code: number | null): IcmpObservation {
  const firstLine = said.split('\n')[0]?.slice(0, 200) ?? '';
  const refused = /socket: (Operation not permitted|Permission denied)/i.exec(said);
  if (refused) {
    const gid = process.getgid?.() ?? 'its group';
    return {
      outcome: 'cannot-ping',
      target,
      why: `tocsin may not open an ICMP socket (${refused[0]}): give the ping program CAP_NET_RAW, or add gid ${gid} to sysctl net.ipv4.ping_group_range`,
    };
  }
  if (/Network is unreachable/i.test(said)) return { outcome: 'unreachable', target, detail: 'network unreachable' };
  return { outcome: 'cannot-ping', target, why: `ping gave no report (exit ${code ?? 'by signal'}): ${firstLine || 'no output'}` };
}

async function allowedAddress(settings: IcmpSettings, ctx: CheckContext): Promise<string> {
  const options = { signal: ctx.signal, timeoutMs: ctx.timeoutMs, ...(settings.ip_version && { family: settings.ip_version }) };
  const addresses = (await resolveHost(settings.host, options)).filter((a) => !settings.ip_version || isIP(a) === settings.ip_version);
  if (addresses.length === 0)
    throw new NoAddress(
      settings.ip_version
        ? `${settings.host} has no IPv${settings.ip_version} address (ip_version: ${settings.ip_version})`
        : `${settings.host} resolved to no address`,
    );
  const refusals: string[] = [];
  for (const address of addresses) {
    const decision = ctx.targets?.decide(settings.host.replace(/^\[(.*)\]$/, '$1'), address) ?? { allowed: true };
    if (decision.allowed) return address;
    refusals.push(`${address} ${decision.why}`);
  }
  throw new TargetRefused(refusals[0]);
}

class NoAddress extends Error {}
