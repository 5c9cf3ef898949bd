/** The config file's plan as the API shows it, and the API's reload: the same path as SIGHUP and `tocsin apply`. */
import type { Config } from '../schema/config.js';
import type { PlanEntry } from '../store/config-plan.js';
import type { Db } from '../store/schema.js';
import type { AuditActor } from './audit.js';
import { readConfigFile } from './config-file-facts.js';
import { describeEntries, judgePlan, planConfig } from './sync-monitors.js';

export interface PlanView {
  changes: PlanEntry[];
  /** Why applying would stop, when it would; `overridable` when allow_deletions would let it through. */
  refusal: { reason: string; overridable: boolean } | null;
}

export interface ConfigSync {
  plan(): Promise<PlanView>;
  /** Applies the file (throws a `conflict` naming what and why when the guard refuses); returns what it changed. */
  reload(allowDeletions: boolean, actor: AuditActor): Promise<PlanView>;
}

export function configSync(
  db: Db,
  path: string,
  env: NodeJS.ProcessEnv,
  apply: (config: Config, allowDeletions: boolean, actor: AuditActor) => Promise<void>,
): ConfigSync {
  const view = async (config: Config, allowDeletions: boolean): Promise<PlanView> => {
    const plan = await planConfig(db, config);
    const verdict = judgePlan(plan, config, allowDeletions);
    return { changes: describeEntries(plan), refusal: verdict.ok ? null : { reason: verdict.reason, overridable: verdict.overridable } };
  };
  return {
    plan: async () => view(await readConfigFile(path, env), false),
    async reload(allowDeletions, actor) {
      const config = await readConfigFile(path, env);
      const planned = await view(config, allowDeletions);
      await apply(config, allowDeletions, actor);
      return planned;
    },
  };
}
