import type { CheckResult } from '../../core/types.js';
import type { Check, CheckContext } from '../types.js';
import { judgeLdap } from './judge.js';
import { observeLdap } from './observe.js';
import type { LdapSettings } from './schema.js';
import type { LdapTesting } from './session.js';

/** Observes and judges; `testing` exists only so tests can trust their own CA. */
export async function runLdap(settings: LdapSettings, ctx: CheckContext, testing?: LdapTesting): Promise<CheckResult> {
  const now = new Date();
  const seen = await observeLdap(settings, ctx, testing, now);
  const timings = ctx.phases.finish();
  return { ...judgeLdap(seen, settings, now), latencyMs: timings.total ?? 0, timings };
}

export const ldapCheck: Check<LdapSettings> = {
  type: 'ldap',
  run: (settings, ctx) => runLdap(settings, ctx),
};
