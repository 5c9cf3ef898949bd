/**
 * Reads a backup file line by line, checking as it goes: the header, the table sections, the row
 * widths, and at the end the manifest's counts and checksum. `verifyBackup` is one full pass that
 * writes nothing, so a restore refuses a damaged file before touching the target.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { BackupFileError, FORMAT, type Manifest } from './format.js';
import { isRecord } from '../lib/is-record.js';

export interface Section {
  table: string;
  columns: string[];
}

/** A line longer than this is not one tocsin wrote (a heartbeat log is at most 100 kB). */
const MAX_LINE = 16 * 1024 * 1024;

export async function readBackup(file: string, onRow: (section: Section, row: unknown[]) => Promise<void> | void): Promise<Manifest> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  let section: Section | undefined;
  let manifest: Manifest | undefined;
  let index = 0;
  const fail = (problem: string): never => {
    throw new BackupFileError(file, problem);
  };

  const handle = async (text: string) => {
    if (manifest) fail('there is data after the manifest');
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      fail(`line ${index + 1} is not JSON`);
    }
    if (index++ === 0) {
      if (!isRecord(line) || line.format !== FORMAT) fail(`it does not start with the ${FORMAT} header`);
    } else if (Array.isArray(line)) {
      if (!section) fail(`line ${index} is a row outside any table`);
      if (line.length !== section!.columns.length) fail(`line ${index} has ${line.length} values for ${section!.columns.length} columns of ${section!.table}`);
      counts[section!.table] = (counts[section!.table] ?? 0) + 1;
      await onRow(section!, line);
    } else if (isRecord(line) && typeof line.table === 'string' && Array.isArray(line.columns)) {
      section = { table: line.table, columns: line.columns.map(String) };
      counts[section.table] ??= 0;
    } else if (isRecord(line) && isRecord(line.manifest)) {
      manifest = line.manifest as unknown as Manifest;
      return;
    } else {
      fail(`line ${index} is neither a table, a row nor the manifest`);
    }
    hash.update(`${text}\n`);
  };

  if (!(await stat(file).catch(() => undefined))?.isFile()) fail('the file does not exist');
  let rest = '';
  try {
    const gunzip = createGunzip();
    // pipe() does not pass a read error on: without this a vanished file would hang the loop.
    const input = createReadStream(file).on('error', (error) => gunzip.destroy(error));
    for await (const chunk of input.pipe(gunzip) as AsyncIterable<Buffer>) {
      rest += chunk.toString('utf8');
      let at: number;
      while ((at = rest.indexOf('\n')) >= 0) {
        await handle(rest.slice(0, at));
        rest = rest.slice(at + 1);
      }
      if (rest.length > MAX_LINE) fail('a line is longer than any tocsin writes');
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupFileError(file, 'the file does not exist');
    throw new BackupFileError(file, `${(error as Error).message} (the file is truncated or corrupted)`);
  }
  if (rest.length > 0) fail('it ends in the middle of a line (truncated)');
  if (!manifest) return fail('it has no manifest at its end (truncated)');
  checkManifest(manifest, counts, hash.digest('hex'), fail);
  return manifest;
}

/** One full read that writes nothing: the manifest when the file is whole. */
export function verifyBackup(file: string): Promise<Manifest> {
  return readBackup(file, () => undefined);
}

function checkManifest(manifest: Manifest, counts: Record<string, number>, sha256: string, fail: (problem: string) => never): void {
  if (manifest.sha256 !== sha256) fail(`its checksum does not match (manifest ${String(manifest.sha256).slice(0, 12)}…, content ${sha256.slice(0, 12)}…)`);
  const tables = isRecord(manifest.tables) ? manifest.tables : {};
  for (const name of new Set([...Object.keys(tables), ...Object.keys(counts)])) {
    if (tables[name] !== (counts[name] ?? 0)) fail(`table ${name} has ${counts[name] ?? 0} rows where the manifest says ${String(tables[name] ?? 0)}`);
  }
}
