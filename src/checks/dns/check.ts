import type { Check } from '../types.js';
import { judgeDns } from './judge.js';
import { observeDns } from './observe.js';
import type { DnsSettings } from './schema.js';

/**
 * Does `settings.query` resolve (to the expected values) through the given or
 * the system's resolver? DNS monitors in the config may leave `query` out and
 * name the host in the monitor's `name`; the config loader fills `query` from
 * it, so here it is always set.
 */
export const dnsCheck: Check<DnsSettings> = {
  type: 'dns',
  async run(settings, ctx) {
    if (!settings.query) throw new Error('dns check run without settings.query: the config loader must fill it from the monitor name');
    const seen = await observeDns(settings.query, settings, ctx);
    const timings = ctx.phases.finish();
    return { ...judgeDns(seen, settings), latencyMs: timings.total ?? 0, timings };
  },
};
