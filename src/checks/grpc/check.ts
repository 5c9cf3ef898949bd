import type { Check } from '../types.js';
import { judgeGrpc } from './judge.js';
import { observeGrpc } from './observe.js';
import type { GrpcSettings } from './schema.js';

/** grpc.health.v1.Health/Check for one service, plaintext or TLS; SERVING is up, anything else down. */
export const grpcCheck: Check<GrpcSettings> = {
  type: 'grpc',
  async run(settings, ctx) {
    const seen = await observeGrpc(settings, ctx);
    const timings = ctx.phases.finish();
    return { ...judgeGrpc(seen), latencyMs: timings.total ?? 0, timings };
  },
};
