import type { Check } from '../types.js';
import { judgeTcp } from './judge.js';
import { observeTcp } from './observe.js';
import type { TcpSettings } from './schema.js';

/**
 * Can we open a TCP connection to host:port, and (optionally) does the peer
 * greet us with the expected banner? On abort the socket is destroyed at once
 * and the run rejects with the signal's reason; the runner reports the phase.
 */
export const tcpCheck: Check<TcpSettings> = {
  type: 'tcp',
  async run(settings, ctx) {
    const seen = await observeTcp(settings, ctx);
    const timings = ctx.phases.finish();
    return { ...judgeTcp(seen, settings), latencyMs: timings.total ?? 0, timings };
  },
};
