/**
 * The ci check: not a probe over the network but a judgement of the jobs the CI intake stored, run at
 * the monitor's interval by the engine like any check (so it gets its deadline, its history and its
 * alerting for free). Reads the window, and for the history baseline the same window on each of the
 * last 7 days, in one query.
 */
import { evaluateCi, rangesAt } from '../../core/ci/evaluate.js';
import type { CheckResult } from '../../core/types.js';
import type { ResolvedSettings } from '../../schema/config.js';
import type { Check } from '../types.js';
import { evaluationOf, resultOf } from './judge.js';

/** Jobs one judgement may read: past this the selection is too broad for one monitor to hold in memory. */
export const MAX_JOBS_READ = 200_000;

export const ciCheck: Check<ResolvedSettings['ci']> = {
  type: 'ci',
  async run(settings, ctx): Promise<CheckResult> {
    const started = performance.now();
    const source = ctx.ciJobs;
    if (!source) {
      return { status: 'unknown', latencyMs: 0, timings: {}, message: 'a ci monitor judges the jobs a running tocsin received; there are none to read here' };
    }
    const evaluation = evaluationOf(settings);
    const now = source.now();
    ctx.phases.enter('query', "tocsin's store of CI jobs");
    const jobs = await source.finishedIn(rangesAt(now, settings.window, evaluation.rule.baseline), settings.level, MAX_JOBS_READ + 1);
    const latencyMs = Math.round(performance.now() - started);
    if (jobs.length > MAX_JOBS_READ) {
      return {
        status: 'unknown',
        latencyMs,
        timings: {},
        message: `more than ${MAX_JOBS_READ.toLocaleString('en')} jobs to read; narrow the selection (pipeline, runner_label) or shorten the window`,
      };
    }
    return resultOf(evaluateCi(jobs, now, evaluation), latencyMs);
  },
};
