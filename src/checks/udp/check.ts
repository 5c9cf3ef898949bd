import type { Check } from '../types.js';
import { judgeUdp } from './judge.js';
import { observeUdp } from './observe.js';
import type { UdpSettings } from './schema.js';

/** Sends one datagram and judges the first reply; a silent peer is the runner's deadline, phase named. */
export const udpCheck: Check<UdpSettings> = {
  type: 'udp',
  async run(settings, ctx) {
    const seen = await observeUdp(settings, ctx);
    const timings = ctx.phases.finish();
    return { ...judgeUdp(seen, settings), latencyMs: timings.total ?? 0, timings };
  },
};
