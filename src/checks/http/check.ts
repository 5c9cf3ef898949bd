import type { Check } from '../types.js';
import { judge } from './judge.js';
import { observe } from './observe.js';
import type { HttpSettings } from './schema.js';

/** GET (or any method) a URL and judge status, body, JSON and latency. */
export const httpCheck: Check<HttpSettings> = {
  type: 'http',
  async run(settings, ctx) {
    const observation = await observe(settings, ctx);
    const verdict = judge(observation, settings.expect);
    const timings = ctx.phases.finish();
    return {
      status: verdict.status,
      latencyMs: timings.total ?? observation.latencyMs,
      timings,
      message: verdict.message,
      ...(Object.keys(verdict.metrics).length > 0 ? { metrics: verdict.metrics } : {}),
    };
  },
};
