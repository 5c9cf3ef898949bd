import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, plainProbe, safeUrl, type Target, writableAnywhere } from '../target.js';

/** The alert's own source link when it sent one; never a made-up URL. `sender` names the tool otherwise. */
export function inboundTarget(sender: string): Target<ResolvedSettings['alertmanager' | 'webhook']> {
  return {
    describe: (s) => (s.source !== undefined ? safeUrl(s.source) : sender),
    rateKey: noRateKey,
    reach: plainProbe,
    fileOnly: writableAnywhere,
  };
}
