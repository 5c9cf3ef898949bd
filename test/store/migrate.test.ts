import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { describeStore } from './dialects.js';

describeStore('migrations', (store) => {
  it('has applied every migration once, and a second run applies nothing', async () => {
    const names = (await store()
      .db.selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute()) as {
      name: string;
    }[];
    expect(names.map((row) => row.name)).toEqual(Object.keys(migrations));
    expect(await migrate(store().db)).toEqual([]);
  });

  it('creates every table the repositories use', async () => {
    const tables = (await store().db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(expect.arrayContaining(['monitors', 'results', 'monitor_state', 'rollups', 'meta']));
  });

  it('throws the error of a failing migration, naming it, and records it as not applied', async () => {
    const broken = {
      ...migrations,
      '9999_broken': {
        up: async (db: Kysely<unknown>) => {
          await db.schema.createTable('results').addColumn('x', 'text').execute();
        },
      },
    };
    await expect(migrate(store().db, broken)).rejects.toThrow(/migration "9999_broken" failed/);
    expect(await migrate(store().db)).toEqual([]);
  });
});
