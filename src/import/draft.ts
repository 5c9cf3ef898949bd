/**
 * What an import produces: a tocsin.yaml draft (monitors, channels, status pages) and the list of
 * what the source had that tocsin could not map, each naming where it came from. Importers only
 * add to a draft; turning it into YAML and validating it is shared.
 */
import { stringify } from 'yaml';

export type Entry = Record<string, unknown>;

export interface Draft {
  source: string;
  monitors: Entry[];
  channels: Record<string, Entry>;
  status_pages: Entry[];
  /** One line per item not imported: "<what> "<name>": <why>". Never holds a secret. */
  skipped: string[];
}

export function emptyDraft(source: string): Draft {
  return { source, monitors: [], channels: {}, status_pages: [], skipped: [] };
}

/** A tocsin id from a name: lowercase, [a-z0-9_-], unique within `taken`. */
export function idFor(name: string, taken: Set<string>, fallback: string): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[-_]+|-+$/g, '')
      .slice(0, 90) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** Seconds as a tocsin duration ("90s", "5m"): the importers' sources count in seconds. */
export function seconds(value: unknown): string | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n % 60 === 0 ? `${n / 60}m` : `${Math.round(n)}s`;
}

/** The YAML text, with what could not be imported as comments at the top. */
export function draftYaml(draft: Draft): string {
  const head = [`# Imported from ${draft.source} by \`tocsin import\`. Check it with: tocsin -c <this file> validate`];
  if (draft.skipped.length > 0) {
    head.push(`# Not imported (${draft.skipped.length}):`);
    for (const line of draft.skipped) head.push(`#   - ${line.replaceAll('\n', ' ')}`);
  }
  const body: Entry = { monitors: draft.monitors };
  if (Object.keys(draft.channels).length > 0) body.channels = draft.channels;
  if (draft.status_pages.length > 0) body.status_pages = draft.status_pages;
  return `${head.join('\n')}\n${stringify(body, { lineWidth: 0 })}`;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
