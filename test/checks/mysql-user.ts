import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

/** A throwaway MariaDB user with a password, unique per test run so parallel suites never collide. */
export interface MysqlUser {
  name: string;
  password: string;
  drop(): Promise<void>;
}

const ADMIN = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };

/** SELECT on test.* and, as root, each of `grants` (`GRANT … TO ?@'%'`, the name bound to ?). */
export async function createMysqlUser(...grants: string[]): Promise<MysqlUser> {
  const name = `tocsin_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  await admin(async (run) => {
    await run(`CREATE USER ?@'%' IDENTIFIED BY ?`, [name, password]);
    for (const grant of [`GRANT SELECT ON test.* TO ?@'%'`, ...grants]) await run(grant, [name]);
  });
  return { name, password, drop: () => admin((run) => run(`DROP USER IF EXISTS ?@'%'`, [name])) };
}

export async function admin(work: (run: (sql: string, values: string[]) => Promise<unknown>) => Promise<unknown>): Promise<void> {
  const connection = await createConnection(ADMIN);
  try {
    await work((sql, values) => connection.query(sql, values));
  } finally {
    await connection.end();
  }
}
