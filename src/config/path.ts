/** Apart from file.ts, which brings the whole schema: the supervisor of `tocsin start` needs only this. */

/** -c/--config, else TOCSIN_CONFIG, else ./tocsin.yaml. */
export function configPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.TOCSIN_CONFIG ?? './tocsin.yaml';
}
