import type { CheckResult } from '../../core/types.js';
import type { Check, CheckContext } from '../types.js';
import { judgeIcmp } from './judge.js';
import { observeIcmp, type IcmpTesting } from './observe.js';
import type { IcmpSettings } from './schema.js';

/** Sends `count` echo requests and judges loss and round trips; `testing` only for tests. */
export async function runIcmp(settings: IcmpSettings, ctx: CheckContext, testing?: IcmpTesting): Promise<CheckResult> {
  const seen = await observeIcmp(settings, ctx, testing);
  const timings = ctx.phases.finish();
  return { ...judgeIcmp(seen, settings), latencyMs: timings.total ?? 0, timings };
}

export const icmpCheck: Check<IcmpSettings> = {
  type: 'icmp',
  run: (settings, ctx) => runIcmp(settings, ctx),
};
