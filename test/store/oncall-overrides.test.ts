import { beforeEach, expect, it } from 'vitest';
import { deleteOverride, getOverride, insertOverride, listOverrides } from '../../src/store/oncall-overrides.js';
import { describeStore } from './dialects.js';

describeStore('on-call overrides', (store) => {
  beforeEach(async () => {
    await store().db.withTables<{ oncall_overrides: { id: string } }>().deleteFrom('oncall_overrides').execute();
  });

  const override = (id: string, schedule: string, start: number, end: number) => ({
    id,
    schedule,
    person: 'ana',
    start,
    end,
    createdBy: 'ana@example.org',
    createdAt: 1,
  });

  it('stores overrides and lists them by schedule and start, leaving out those over before `since`', async () => {
    const { db } = store();
    await insertOverride(db, { ...override('b', 'primary', 5_000_000_000_000, 5_000_000_100_000), reason: 'swap' });
    await insertOverride(db, override('a', 'primary', 1000, 2000));
    await insertOverride(db, override('c', 'db', 3000, 4000));
    expect((await listOverrides(db)).map((o) => o.id)).toEqual(['c', 'a', 'b']);
    expect((await listOverrides(db, { schedule: 'primary', since: 2000 })).map((o) => o.id)).toEqual(['b']);
    // Times past 2^32 come back as numbers on both dialects (PostgreSQL's bigint arrives as text).
    expect(await getOverride(db, 'b')).toEqual({ ...override('b', 'primary', 5_000_000_000_000, 5_000_000_100_000), reason: 'swap' });
  });

  it('deletes one override, and says when there was none', async () => {
    const { db } = store();
    await insertOverride(db, override('a', 'primary', 1000, 2000));
    expect(await deleteOverride(db, 'a')).toBe(true);
    expect(await deleteOverride(db, 'a')).toBe(false);
    expect(await getOverride(db, 'a')).toBeUndefined();
  });
});
