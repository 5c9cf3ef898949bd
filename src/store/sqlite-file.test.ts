import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TocsinError } from '../lib/errors.js';
import { inspectSqliteFile, sqliteFileError } from './sqlite-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tocsin-sqlite-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectSqliteFile', () => {
  it('calls a path with nothing there missing: start makes a fresh install of it', () => {
    expect(inspectSqliteFile(join(dir, 'none.db'), 'write')).toBe('missing');
  });

  it('refuses a 0-byte file, naming it and what to do', () => {
    const file = join(dir, 'empty.db');
    writeFileSync(file, '');
    expect(() => inspectSqliteFile(file, 'read')).toThrow(`the database file ${file} is empty (0 bytes)`);
    expect(() => inspectSqliteFile(file, 'read')).toThrow('Restore it from a backup, or move it aside (or delete it) to start fresh.');
  });

  it('refuses a directory where the file should be', () => {
    const path = join(dir, 'a-directory.db');
    mkdirSync(path);
    expect(() => inspectSqliteFile(path, 'write')).toThrow(`the database path ${path} is not a file`);
  });
});

describe('sqliteFileError', () => {
  const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    ['SQLITE_NOTADB', 'file is not a database', '/d/tocsin.db is not a SQLite database (file is not a database).'],
    ['SQLITE_CORRUPT', 'database disk image is malformed', 'the database file /d/tocsin.db is damaged or truncated (database disk image is malformed).'],
    ['SQLITE_CANTOPEN', 'unable to open database file', 'cannot open the database file /d/tocsin.db (unable to open database file)'],
  ])('names the file for %s', (code, message, expected) => {
    const error = sqliteFileError(sqliteError(code, message), '/d/tocsin.db');
    expect(error).toBeInstanceOf(TocsinError);
    expect((error as Error).message).toContain(expected);
  });

  it('looks through a migration error to its cause', () => {
    const wrapped = new Error('migration "0010_instances" failed: database disk image is malformed', {
      cause: sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'),
    });
    expect((sqliteFileError(wrapped, '/d/tocsin.db') as Error).message).toContain('/d/tocsin.db is damaged or truncated');
  });

  it('leaves other errors as they are', () => {
    const busy = sqliteError('SQLITE_BUSY', 'database is locked');
    expect(sqliteFileError(busy, '/d/tocsin.db')).toBe(busy);
  });
});
