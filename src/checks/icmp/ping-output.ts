/**
 * Reads what iputils `ping -n` printed (run with LC_ALL=C, so the words are fixed). Strict: a reply
 * line must have every field, and without the statistics line nothing is believed, so output
 * from another ping (busybox, BSD) or a run cut short is "unreadable", never a made-up figure.
 */

/** What one run of ping observed. Round trips in ms, one per answered sequence number, in order. */
export interface EchoRun {
  transmitted: number;
  rtts: number[];
  /** ICMP errors a router sent instead of replies ("Destination Host Unreachable"), first seen. */
  error?: string;
}

const REPLY = /^\d+ bytes from (\S+): icmp_seq=(\d+) (?:ttl|hlim)=\d+ time=(\d+(?:\.\d+)?) ms( \(DUP!\))?$/;
const ERROR = /^From (\S+?):? icmp_seq=\d+ (.+)$/;
const STATISTICS = /^(\d+) packets transmitted, (\d+) received(?:, \+\d+ duplicates)?(?:, \+\d+ errors)?, [\d.]+% packet loss/;

/** The run, or undefined when the output is not iputils' complete report. */
export function parsePingOutput(stdout: string): EchoRun | undefined {
  const bySequence = new Map<number, number>();
  let error: string | undefined;
  let transmitted: number | undefined;
  let received: number | undefined;
  for (const line of stdout.split('\n').map((l) => l.trimEnd())) {
    const reply = REPLY.exec(line);
    if (reply) {
      const sequence = Number(reply[2]);
      // A duplicate answers a request already counted: not a second reply.
      if (!reply[4] && !bySequence.has(sequence)) bySequence.set(sequence, Number(reply[3]));
      continue;
    }
    const failure = ERROR.exec(line);
    if (failure) {
      error ??= `${failure[2]} (from ${failure[1]})`;
      continue;
    }
    const statistics = STATISTICS.exec(line);
    if (statistics) {
      transmitted = Number(statistics[1]);
      received = Number(statistics[2]);
    }
  }
  if (transmitted === undefined || received !== bySequence.size || received > transmitted) return undefined;
  const rtts = [...bySequence.entries()].sort(([a], [b]) => a - b).map(([, rtt]) => rtt);
  return { transmitted, rtts, ...(error !== undefined && { error }) };
}

/** Min, average, max and jitter (mean difference between consecutive round trips) in ms. */
export interface RoundTrips {
  min: number;
  avg: number;
  max: number;
  jitter: number;
}

export function summarize(rtts: readonly number[]): RoundTrips | undefined {
  if (rtts.length === 0) return undefined;
  const sum = rtts.reduce((a, b) => a + b, 0);
  let variation = 0;
  for (let i = 1; i < rtts.length; i++) variation += Math.abs(rtts[i]! - rtts[i - 1]!);
  return {
    min: round(Math.min(...rtts)),
    avg: round(sum / rtts.length),
    max: round(Math.max(...rtts)),
    jitter: rtts.length > 1 ? round(variation / (rtts.length - 1)) : 0,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
