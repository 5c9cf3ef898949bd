import type { Status } from '../../core/types.js';
import { formatDuration } from '../../lib/duration.js';
import type { IcmpObservation } from './observe.js';
import { summarize } from './ping-output.js';
import type { IcmpSettings } from './schema.js';

export interface IcmpVerdict {
  status: Status;
  message: string;
  metrics?: Record<string, number>;
}

/** Decides from what ping saw: all lost is down, a loss or average above its limit degraded. Pure. */
export function judgeIcmp(seen: IcmpObservation, settings: Pick<IcmpSettings, 'max_loss' | 'max_rtt'>): IcmpVerdict {
  if (seen.outcome === 'unresolved') return { status: 'down', message: seen.reason };
  if (seen.outcome === 'unreachable') return { status: 'down', message: `cannot send echo requests to ${seen.target}: ${seen.detail}` };
  if (seen.outcome === 'cannot-ping') return { status: 'unknown', message: `cannot ping ${seen.target}: ${seen.why}` };
  const { transmitted, rtts, error } = seen.run;
  const lossPercent = transmitted === 0 ? 100 : round(((transmitted - rtts.length) / transmitted) * 100);
  const trips = summarize(rtts);
  if (!trips) {
    const why = error ? `: ${error}` : '';
    return { status: 'down', message: `no echo reply from ${seen.target} (${transmitted} of ${transmitted} lost)${why}`, metrics: { icmp_loss_percent: 100 } };
  }
  const metrics = {
    icmp_loss_percent: lossPercent,
    icmp_rtt_min_ms: trips.min,
    icmp_rtt_avg_ms: trips.avg,
    icmp_rtt_max_ms: trips.max,
    icmp_jitter_ms: trips.jitter,
  };
  const summary =
    `${seen.target} answered ${rtts.length} of ${transmitted} echoes (${lossPercent}% lost), ` +
    `rtt min/avg/max ${ms(trips.min)}/${ms(trips.avg)}/${ms(trips.max)} ms, jitter ${ms(trips.jitter)} ms`;
  const problems: string[] = [];
  if (settings.max_loss !== undefined && lossPercent > settings.max_loss) problems.push(`loss ${lossPercent}% is above max_loss ${settings.max_loss}%`);
  if (settings.max_rtt !== undefined && trips.avg > settings.max_rtt)
    problems.push(`average ${ms(trips.avg)} ms is above max_rtt ${formatDuration(settings.max_rtt)}`);
  if (problems.length > 0) return { status: 'degraded', message: `${problems.join('; ')}: ${summary}`, metrics };
  return { status: 'up', message: summary, metrics };
}

function ms(value: number): string {
  return String(value < 10 ? Math.round(value * 100) / 100 : Math.round(value * 10) / 10);
}

function round(percent: number): number {
  return Math.round(percent * 10) / 10;
}
