/** Reads tocsin.yaml: YAML with positions, `${NAME}` from the environment, then the one schema. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseConfig, resolveConfig, type Config, type DatabaseConfig, type ParseResult } from '../schema/config.js';
import { isRecord } from '../schema/draft.js';
import { formatPath, friendlyError, issuesToProblems, type SchemaProblem } from '../schema/messages.js';
import { databaseSchema } from '../schema/system.js';
import { interpolate, type Path } from './interpolate.js';
import { redact, sortProblems, type ConfigProblem } from './problems.js';
import { locate, readYaml, type Position } from './yaml-source.js';

/** `sections`: the top-level keys the file writes with a value (the deletion guard's facts about the file). */
export type LoadResult = { ok: true; config: Config; sections: string[] } | { ok: false; problems: ConfigProblem[] };
type Loaded<T> = { ok: true; value: T; sections: string[] } | { ok: false; problems: ConfigProblem[] };

export { formatProblems, type ConfigProblem } from './problems.js';

const DATABASE_OVERRIDE = 'TOCSIN_DATABASE_URL';

/** Never throws for bad input: a missing or unreadable file is a problem like any other. */
export async function loadConfig(file: string, env: Record<string, string | undefined> = process.env): Promise<LoadResult> {
  const text = await readText(file);
  return typeof text === 'string' ? loadConfigText(text, file, env) : text;
}

export function loadConfigText(text: string, fileName: string, env: Record<string, string | undefined> = process.env): LoadResult {
  const loaded = loadDocument(text, fileName, env, parseConfig, () => true);
  return loaded.ok ? { ok: true, config: resolveConfig(loaded.value), sections: loaded.sections } : loaded;
}

/**
 * Only `database`, for commands that just read the store (`tocsin status`): a variable that is unset
 * in this shell, or a mistake anywhere else in the file, does not stop them. A problem within
 * `database` still does, since without it there is no store to read.
 */
export async function loadDatabaseSettings(
  file: string,
  env: Record<string, string | undefined> = process.env,
): Promise<{ ok: true; value: DatabaseConfig } | { ok: false; problems: ConfigProblem[] }> {
  const text = await readText(file);
  if (typeof text !== 'string') return text;
  const loaded = loadDocument(text, file, env, parseDatabase, (at) => at[0] === 'database');
  return loaded.ok ? { ok: true, value: loaded.value } : loaded;
}

/** Unknown keys elsewhere are not this reader's business: z.object strips them. */
const databaseOnly = z.object({ database: databaseSchema });

function parseDatabase(data: unknown): ParseResult<DatabaseConfig> {
  const result = databaseOnly.safeParse(isRecord(data) ? data : {}, { error: friendlyError });
  return result.success ? { ok: true, value: result.data.database } : { ok: false, problems: issuesToProblems(result.error.issues) };
}

async function readText(file: string): Promise<string | { ok: false; problems: ConfigProblem[] }> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    const message = code === 'ENOENT' ? `file not found (looked for ${resolve(file)})` : `cannot read the file (${code})`;
    return { ok: false, problems: [{ file, path: '', message }] };
  }
}

/** YAML, then `${NAME}`, then `parse`; interpolation problems count only where `needed` says. */
function loadDocument<T>(
  text: string,
  fileName: string,
  env: Record<string, string | undefined>,
  parse: (data: unknown) => ParseResult<T>,
  needed: (at: Path) => boolean,
): Loaded<T> {
  const source = readYaml(text);
  if (source.errors.length > 0) {
    // The tree of a broken document is a guess; schema problems on it would mislead.
    return { ok: false, problems: source.errors.map(({ position, message }) => ({ file: fileName, ...position, path: '', message })) };
  }

  const { substitutions, problems: envProblems } = interpolate(source.doc, env);
  const problems: ConfigProblem[] = envProblems
    .filter(({ at }) => needed(at))
    .map(({ at, message }) => ({ file: fileName, ...locate(source, at), path: formatPath(at), message }));
  // A field whose variable is missing fails the schema too; its first cause is enough.
  const unset = new Set(problems.map((problem) => problem.path));

  let data: unknown;
  try {
    data = source.doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { ok: false, problems: [...problems, { file: fileName, path: '', message: error instanceof Error ? error.message : String(error) }] };
  }
  // Taken before TOCSIN_DATABASE_URL adds a database section the file may not have.
  const sections = isRecord(data) ? Object.keys(data).filter((key) => data[key] !== null && data[key] !== undefined) : [];
  const overridden = overrideDatabase(data, env);
  if (overridden) substitutions.push({ at: ['database', 'url'], raw: `$${DATABASE_OVERRIDE}`, value: env[DATABASE_OVERRIDE] ?? '' });

  const parsed = parse(data);
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      if (!unset.has(problem.path)) problems.push(placed(problem, fileName, overridden, (at, onKey) => locate(source, at, onKey)));
    }
  }
  if (problems.length > 0 || !parsed.ok) {
    const safe = problems.map((problem) => ({ ...problem, message: redact(problem.message, problem.path, substitutions, formatPath) }));
    return { ok: false, problems: sortProblems(safe) };
  }
  return { ok: true, value: parsed.value, sections };
}

function placed(problem: SchemaProblem, file: string, overridden: boolean, find: (at: SchemaProblem['at'], onKey?: boolean) => Position): ConfigProblem {
  if (overridden && problem.path === 'database.url') {
    return { file, path: problem.path, message: `${problem.message} (from ${DATABASE_OVERRIDE})` };
  }
  return { file, ...find(problem.at, problem.onKey), path: problem.path, message: problem.message };
}

/** TOCSIN_DATABASE_URL replaces database.url (containers pass secrets this way). */
function overrideDatabase(data: unknown, env: Record<string, string | undefined>): boolean {
  const url = env[DATABASE_OVERRIDE];
  if (!url || !isRecord(data)) return false;
  data.database = { ...(isRecord(data.database) ? data.database : {}), url };
  return true;
}
