/**
 * The backup file: gzip'd JSON lines, portable between SQLite and PostgreSQL.
 *
 *   {"format":"tocsin-backup/1"}
 *   {"table":"monitors","columns":["id","type",…]}
 *   ["web","http",…]                     one line per row
 *   …
 *   {"manifest":{…,"tables":{"monitors":12,…},"sha256":"<hex>"}}
 *
 * The manifest comes last so its checksum can cover every line before it; a file cut short has no
 * manifest, and a changed byte fails gzip's CRC or the checksum.
 */
export const FORMAT = 'tocsin-backup/1';

export interface Manifest {
  format: typeof FORMAT;
  tocsin_version: string;
  schema_version: string;
  /** The dialect it was taken from; it restores into either. */
  dialect: 'sqlite' | 'postgres';
  created_at: string;
  tables: Record<string, number>;
  /** Hex SHA-256 of every byte of the uncompressed file before the manifest line. */
  sha256: string;
}

export type Line = { format: string } | { table: string; columns: string[] } | unknown[] | { manifest: Manifest };

export class BackupFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file} is not a usable tocsin backup: ${problem}. Nothing was restored.`);
    this.name = 'BackupFileError';
  }
}
