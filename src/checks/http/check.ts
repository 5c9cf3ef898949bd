import type { CheckResult } from '../../core/types.js';
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
    const result: CheckResult = { status: verdict.status, latencyMs: timings.total ?? observation.latencyMs, timings, message: verdict.message };
    // Verdicts without a response carry no metrics: the result has no such key then.
    for (const _ in verdict.metrics) {
      result.metrics = verdict.metrics;
      break;
    }
    return result;
  },
};
