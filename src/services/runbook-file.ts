/**
 * Reading a monitor's runbook file, for the dashboard (api/runbook-route) and the static export
 * (runbooks.ts). A runbook path can be set through the API, so it is a request to read a file of the
 * machine: only `.md` files inside the runbook folder are read, judged after symbolic links are
 * resolved (a link inside the folder that points out of it is refused), and only up to a size bound.
 */
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { TocsinError } from '../lib/errors.js';

export const RUNBOOK_MAX_BYTES = 200_000;

/** "https://wiki…/db", "javascript:…": a link, not a file (any scheme, so that none is read as a path). */
export function isRunbookLink(runbook: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(runbook);
}

/** A runbook link that may be followed: http(s) only. */
export function isWebRunbook(runbook: string): boolean {
  return /^https?:\/\//i.test(runbook);
}

/** "runbooks/db.md": a file to read; anything else that is not a link is Markdown written in the setting itself. */
export function isRunbookFile(runbook: string): boolean {
  return !isRunbookLink(runbook) && !/[\r\n]/.test(runbook) && runbook.trim().endsWith('.md');
}

/** The folder runbook paths are read from: incidents.runbook_dir (relative to the config file's folder), else that folder. */
export function runbookDir(configDir: string, setting: string | undefined): string {
  return resolve(configDir, setting ?? '.');
}

export async function readRunbookFile(runbook: string, dir: string): Promise<string> {
  const refused = () => new TocsinError('invalid_input', `${runbook}: only .md files inside the runbook folder are read`, { field: 'runbook' });
  if (isRunbookLink(runbook) || !runbook.endsWith('.md') || runbook.includes('\0')) throw refused();
  const wanted = resolve(dir, runbook);
  if (!inside(resolve(dir), wanted)) throw refused();
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (error) {
    throw new TocsinError('not_found', `${runbook}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // The folder itself may be a link (e.g. /etc/tocsin → /srv/tocsin): compare the resolved paths.
  if (!inside(await realpath(dir), real) || !real.endsWith('.md')) throw refused();
  const file = await open(real, 'r');
  try {
    const info = await file.stat();
    if (!info.isFile()) throw refused();
    if (info.size > RUNBOOK_MAX_BYTES) throw new TocsinError('too_large', `${runbook}: larger than ${RUNBOOK_MAX_BYTES / 1000} kB`);
    // Read at most the bound even if the file grows between stat and read.
    const buffer = Buffer.alloc(Math.min(info.size, RUNBOOK_MAX_BYTES));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

function inside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}
