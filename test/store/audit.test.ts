import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { recordAudit } from '../../src/services/audit.js';
import { lastWriters, listAudit } from '../../src/store/audit.js';
import { inTransaction } from '../../src/store/tx.js';
import { describeStore } from './dialects.js';

const ana = { kind: 'user' as const, id: 'u1', label: 'ana@example.org', role: 'admin' as const, scope: 'write' as const, viaCookie: true };

describeStore('audit log', (store, dialect) => {
  beforeEach(async () => {
    await store().db.withTables<{ audit_log: { id: string } }>().deleteFrom('audit_log').execute();
  });

  it('stores who, what, when and before/after with secrets masked', async () => {
    await inTransaction(store().db, (trx) =>
      recordAudit(trx, {
        actor: ana,
        action: 'channel.update',
        target: 'channel pager',
        at: 1_000,
        before: { url: 'https://x.org', secret: 'old' },
        after: { url: 'https://x.org', secret: 'new' },
      }),
    );
    const [row] = await listAudit(store().db, { limit: 10 });
    expect(row).toMatchObject({
      at: 1_000,
      actor: { kind: 'user', id: 'u1', label: 'ana@example.org' },
      action: 'channel.update',
      target: 'channel pager',
      before: { url: 'https://x.org', secret: '••••' },
      after: { url: 'https://x.org', secret: '•••• (changed)' },
    });
  });

  it('pages newest first with a cursor, without skipping rows written in the same millisecond', async () => {
    for (let i = 0; i < 7; i++) {
      await recordAudit(store().db, {
        actor: { kind: 'cli', label: 'cli (root)' },
        action: 'user.create',
        target: `user u${i}`,
        at: 1_000 + Math.floor(i / 2),
      });
    }
    const seen: string[] = [];
    let before: { at: number; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await listAudit(store().db, { limit: 3, before });
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.target));
      const last = rows[rows.length - 1]!;
      before = { at: last.at, id: last.id };
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen[0]).toBe('user u6');
  });

  it('keeps the entry out when the change it belongs to is rolled back', async () => {
    await expect(
      inTransaction(store().db, async (trx) => {
        await recordAudit(trx, { actor: ana, action: 'monitor.delete', target: 'monitor web', before: { id: 'web' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await listAudit(store().db, { limit: 10 })).toEqual([]);
  });

  it('finds who last wrote each target through an index, not by reading the whole log', async () => {
    for (let i = 0; i < 5; i++) {
      await recordAudit(store().db, {
        actor: { kind: 'cli', label: `cli ${i}` },
        action: 'maintenance.update',
        target: `maintenance w${i % 2}`,
        at: 1_000 + i,
      });
    }
    expect(await lastWriters(store().db, ['maintenance w0', 'maintenance w1', 'maintenance gone'])).toEqual(
      new Map([
        ['maintenance w0', 'cli 4'],
        ['maintenance w1', 'cli 3'],
      ]),
    );
    // The maintenance list asks this at every view; the log grows with every write anyone makes.
    const query = sql`select target, actor_label, at, id from audit_log where target in ('maintenance w0', 'maintenance w1') order by at, id`;
    if (dialect === 'sqlite') {
      const plan = await sql<{ detail: string }>`explain query plan ${query}`.execute(store().db);
      expect(plan.rows.map((r) => r.detail).join('; ')).toMatch(/USING (COVERING )?INDEX audit_log_target/);
    } else {
      const plan = await store()
        .db.transaction()
        .execute(async (trx) => {
          // A table of five rows is read whole anyway; forbid that to see whether an index could serve.
          await sql`set local enable_seqscan = off`.execute(trx);
          return sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
        });
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/audit_log_target/);
    }
  });
});
