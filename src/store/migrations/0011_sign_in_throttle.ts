/**
 * Sign-in throttling without lockouts (issue 12): failures are told apart by kind (signing in, or
 * re-entering a password or code on one's own account), addresses that signed in to an account
 * before are remembered so strangers' failures never hold them, and lockout-level attempts leave a
 * notice the person sees at their next sign-in. Dialect-neutral: runs unchanged on SQLite and PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Existing rows were all sign-ins; new rows always name their kind.
  await db.schema
    .alterTable('login_attempts')
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('login')
        .check(sql`${sql.ref('kind')} in ('login', 'reauth')`),
    )
    .execute();
  // Failures per address across accounts (password spraying), and pruning by age without a full scan.
  await db.schema.createIndex('login_attempts_ip_at').on('login_attempts').columns(['ip', 'at']).execute();
  await db.schema.createIndex('login_attempts_at').on('login_attempts').column('at').execute();

  await db.schema
    .createTable('login_sources')
    .addColumn('email', 'text', (c) => c.notNull())
    // An IPv4 address or an IPv6 /64: what one machine or one home network can hold.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_sources_pk', ['email', 'source'])
    .execute();

  await db.schema
    .createTable('account_notices')
    // The user id and the UTC day: at most one notice per account per day, however long an attack lasts.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    // Set when the next sign-in showed it.
    .addColumn('seen_at', 'bigint')
    .execute();
  await db.schema.createIndex('account_notices_user').on('account_notices').columns(['user_id', 'seen_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_notices').execute();
  await db.schema.dropTable('login_sources').execute();
  await db.schema.dropIndex('login_attempts_at').execute();
  await db.schema.dropIndex('login_attempts_ip_at').execute();
  await db.schema.alterTable('login_attempts').dropColumn('kind').execute();
}
