import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, plainProbe, type Target, writableAnywhere } from '../target.js';

/** "CI jobs of pipeline web on runners labelled linux, by runner label": what a ci monitor watches, in words. */
export const ciTarget: Target<ResolvedSettings['ci']> = {
  describe: (s) => {
    const parts = [s.level === 'pipeline' ? 'CI pipelines' : 'CI jobs'];
    if (s.pipeline !== undefined) parts.push(`of pipeline ${s.pipeline}`);
    if (s.job !== undefined) parts.push(`named ${s.job}`);
    if (s.runner !== undefined) parts.push(`on runner ${s.runner}`);
    const labels = [...(s.runner_label !== undefined ? [s.runner_label] : []), ...(s.labels ?? [])];
    if (labels.length > 0) parts.push(`on runners labelled ${labels.join(', ')}`);
    if (s.group_by !== 'none') parts.push(`by ${s.group_by.replace('_', ' ')}`);
    return parts.join(' ');
  },
  rateKey: noRateKey,
  reach: plainProbe,
  fileOnly: writableAnywhere,
};
