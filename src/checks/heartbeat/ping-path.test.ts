import { describe, expect, it } from 'vitest';
import { parsePingPath } from './ping-path.js';

const U = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const RID = '123e4567-e89b-12d3-a456-426614174000';

const rows: [string, string | undefined, unknown][] = [
  [`${U}`, undefined, { target: { uuid: U }, ping: { kind: 'success' } }],
  [`${U.toUpperCase()}`, undefined, { target: { uuid: U }, ping: { kind: 'success' } }],
  [`${U}/start`, RID, { target: { uuid: U }, ping: { kind: 'start', rid: RID } }],
  [`${U}/fail`, undefined, { target: { uuid: U }, ping: { kind: 'fail' } }],
  [`${U}/log`, undefined, { target: { uuid: U }, ping: { kind: 'log' } }],
  [`${U}/0`, undefined, { target: { uuid: U }, ping: { kind: 'success', exitStatus: 0 } }],
  [`${U}/123`, undefined, { target: { uuid: U }, ping: { kind: 'fail', exitStatus: 123 } }],
  [`${U}/255`, undefined, { target: { uuid: U }, ping: { kind: 'fail', exitStatus: 255 } }],
  [`${U}/`, undefined, { target: { uuid: U }, ping: { kind: 'success' } }],
  [`${U}/start/`, undefined, { status: 404, body: 'not found' }],
  [`${U}/256`, undefined, { target: { uuid: U }, ping: { kind: 'fail' }, refusal: { status: 400, body: 'invalid url format' } }],
  [`${U}/start`, '12345', { target: { uuid: U }, ping: { kind: 'start' }, refusal: { status: 400, body: 'invalid uuid format' } }],
  [`${U}/start`, `${RID}0`, { target: { uuid: U }, ping: { kind: 'start' }, refusal: { status: 400, body: 'invalid uuid format' } }],
  [`${U}/a/b/c`, undefined, { status: 404, body: 'not found' }],
  ['not-uuid', undefined, { status: 404, body: 'not found' }],
  ['07c2f54898504b27af5d6c9dc157ec02', undefined, { status: 404, body: 'not found' }],
  ['fqOOd6-F4MMNuCEnzTU01w/database-backup', undefined, { target: { pingKey: 'fqOOd6-F4MMNuCEnzTU01w', slug: 'database-backup' }, ping: { kind: 'success' } }],
  ['key12345/db_backup/start', RID, { target: { pingKey: 'key12345', slug: 'db_backup' }, ping: { kind: 'start', rid: RID } }],
  ['key12345/db/1', undefined, { target: { pingKey: 'key12345', slug: 'db' }, ping: { kind: 'fail', exitStatus: 1 } }],
  ['key12345/db/300', undefined, { target: { pingKey: 'key12345', slug: 'db' }, ping: { kind: 'fail' }, refusal: { status: 400, body: 'invalid url format' } }],
  ['key12345/Database-Backup', undefined, { status: 400, body: 'invalid url format' }],
  ['key12345/db.backup/fail', undefined, { status: 404, body: 'not found' }],
  ['key12345/db/', undefined, { status: 404, body: 'not found' }],
  ['key.12345/db', undefined, { status: 404, body: 'not found' }],
  ['key12345/db/restart', undefined, { status: 404, body: 'not found' }],
  // A ping key shaped like a UUID still works with a slug that is not an action word.
  [`${U}/nightly`, undefined, { target: { pingKey: U, slug: 'nightly' }, ping: { kind: 'success' } }],
];

describe('parsePingPath', () => {
  for (const [path, rid, expected] of rows) {
    it(`reads /ping/${path}${rid ? `?rid=${rid}` : ''}`, () => {
      const parsed = parsePingPath(path.split('/'), rid);
      const { ok, ...rest } = parsed;
      expect(rest).toEqual(expected);
      expect(ok).toBe(!('body' in (expected as object)));
    });
  }
});
