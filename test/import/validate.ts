/** Imported drafts are read back through tocsin's own loader, as `tocsin validate` would. */
import { expect } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import type { Config } from '../../src/schema/config.js';
import { draftYaml, type Draft } from '../../src/import/draft.js';
import { settle } from '../../src/import/settle.js';

export function validated(draft: Draft): { config: Config; yaml: string; skipped: string[] } {
  const settled = settle(draft);
  const yaml = draftYaml(settled);
  const loaded = loadConfigText(yaml, 'imported.yaml', {});
  if (!loaded.ok) expect.fail(loaded.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return { config: loaded.config, yaml, skipped: settled.skipped };
}
