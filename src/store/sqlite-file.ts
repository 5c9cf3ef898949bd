/**
 * What is at a SQLite path before tocsin opens it. SQLite takes a 0-byte file for an empty database,
 * so a file emptied by a bad restore or a full disk would silently become a fresh install; and its own
 * errors for damaged files do not say which file. Both are refused here with the path and what to do.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { TocsinError } from '../lib/errors.js';

const WHAT_TO_DO = 'Restore it from a backup, or move it aside (or delete it) to start fresh.';

/** 'missing' when nothing is there; throws for a file tocsin must not use. Opens no descriptor (see below). */
export function inspectSqliteFile(path: string, access: 'read' | 'write'): 'missing' | 'present' {
  // stat and access only: closing a descriptor of a file SQLite has open in this process would drop
  // SQLite's POSIX locks on it.
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new TocsinError('unavailable', `the database path ${path} is not a file. Point database.url at a file.`);
    size = stat.size;
    accessSync(path, access === 'read' ? constants.R_OK : constants.R_OK | constants.W_OK);
  } catch (error) {
    if (error instanceof TocsinError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    throw new TocsinError(
      'unavailable',
      `cannot use the database file ${path} (${code ?? String(error)}): check that this user can ${access === 'read' ? 'read' : 'read and write'} it.`,
    );
  }
  if (size === 0) {
    throw new TocsinError(
      'unavailable',
      `the database file ${path} is empty (0 bytes): it holds no tocsin data, and tocsin will not take it for a fresh install. ${WHAT_TO_DO}`,
    );
  }
  return 'present';
}

/** A SQLite error that condemns the whole file, rewritten to name it; any other error unchanged. */
export function sqliteFileError(error: unknown, path: string): unknown {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (code.startsWith('SQLITE_NOTADB')) return new TocsinError('unavailable', `${path} is not a SQLite database (${reason}). ${WHAT_TO_DO}`);
  if (code.startsWith('SQLITE_CORRUPT')) return new TocsinError('unavailable', `the database file ${path} is damaged or truncated (${reason}). ${WHAT_TO_DO}`);
  if (code.startsWith('SQLITE_CANTOPEN'))
    return new TocsinError('unavailable', `cannot open the database file ${path} (${reason}): check that it is a file tocsin's user can read and write.`);
  return error;
}
