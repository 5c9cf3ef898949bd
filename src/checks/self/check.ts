import type { Check } from '../types.js';
import type { SelfFigures } from './figures.js';
import { judgeSelf } from './judge.js';
import type { SelfSettings } from './schema.js';

/** A check over tocsin's own figures; the engine's instance gets the running engine's figures. */
export function createSelfCheck(figures: SelfFigures): Check<SelfSettings> {
  return {
    type: 'self',
    async run(settings, ctx) {
      ctx.phases.enter('query', `tocsin ${settings.metric}`);
      const observation = await figures.observe(settings.metric, ctx.signal);
      const timings = ctx.phases.finish();
      const verdict = judgeSelf(settings, observation);
      return { ...verdict, latencyMs: timings.total ?? 0, timings };
    },
  };
}

/** For the registry (`tocsin check`, outside a running engine): there is no engine to measure. */
export const selfCheck = createSelfCheck({
  observe: async (metric) => ({ metric, unavailable: 'self monitors measure the running engine; see /healthz or `tocsin status`' }),
});
