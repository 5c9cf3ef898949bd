/**
 * Keeps only what tocsin's own schema accepts: each monitor and channel is validated alone, and
 * one that fails moves to the skipped list with the schema's reason; status page components that
 * lost their monitor go too. The result always validates as a whole.
 */
import { loadConfigText } from '../config/load.js';
import { draftYaml, type Draft, type Entry } from './draft.js';

const NO_ENV = {};

export function settle(draft: Draft): Draft {
  const monitors = draft.monitors.filter((monitor) => keep(draft, { ...part(draft), monitors: [monitor] }, `monitor "${String(monitor.name)}"`));
  const channels = Object.fromEntries(
    Object.entries(draft.channels).filter(([id, channel]) => keep(draft, { ...part(draft), channels: { [id]: channel } }, `channel "${id}"`)),
  );
  const known = new Set(monitors.map((m) => m.id));
  const status_pages = draft.status_pages.flatMap((page) => {
    const components = (page.components as Entry[]).filter((c) => (c.monitors as string[]).every((id) => known.has(id)));
    return components.length > 0 ? [{ ...page, components }] : [];
  });
  const settled = { ...draft, monitors, channels, status_pages };
  const whole = loadConfigText(draftYaml(settled), 'import', NO_ENV);
  if (!whole.ok)
    throw new Error(
      `the imported config does not validate: ${whole.problems
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')
        .slice(0, 2000)}`,
    );
  return settled;
}

function part(draft: Draft): Draft {
  return { ...draft, monitors: [], channels: {}, status_pages: [], skipped: [] };
}

function keep(draft: Draft, alone: Draft, what: string): boolean {
  const loaded = loadConfigText(draftYaml(alone), 'import', NO_ENV);
  if (loaded.ok) return true;
  const [first] = loaded.problems;
  // Only the field and the schema's expectation: the value itself may be a secret.
  draft.skipped.push(
    `${what}: tocsin's schema refused it (${first?.path.replace(/^(monitors|channels)(\[0\]|\.[^.]+)\.?/, '') || 'entry'}: ${first?.message.slice(0, 200) ?? 'invalid'})`,
  );
  return false;
}
