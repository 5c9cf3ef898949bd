import { readFileSync } from 'node:fs';

/** package.json sits two levels above this file both in src/backup and in dist/backup. */
export function tocsinVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
