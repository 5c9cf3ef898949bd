import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throwaway PostgreSQL login role, unique per test run so parallel suites never collide. */
export interface PgRole {
  name: string;
  password: string;
  /** postgres://name:password@127.0.0.1:5432/test */
  url: string;
  drop(): Promise<void>;
}

const ADMIN = 'postgres://postgres@127.0.0.1:5432/test';

/** `grants` run as the superuser once the role exists; `{role}` stands for its name. */
export async function createPgRole(...grants: string[]): Promise<PgRole> {
  const name = `tocsin_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`, ...grants.map((grant) => grant.replaceAll('{role}', name)));
  return {
    name,
    password,
    url: `postgres://${name}:${password}@127.0.0.1:5432/test`,
    drop: () => asAdmin(`DROP OWNED BY ${name}`, `DROP ROLE IF EXISTS ${name}`),
  };
}

export async function asAdmin(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
