/** Secrets out of what `tocsin plan` shows: channels by their own rule, every other kind by key names and URL passwords. */
import { maskSecrets } from '../channels/mask.js';
import type { PlanKind } from '../store/config-plan.js';

export function maskForPlan(kind: PlanKind, definition: unknown): unknown {
  return maskSecrets(definition, { secretPaths: kind === 'channel' });
}
