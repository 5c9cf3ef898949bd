/**
 * How commands reach the store. Writers (`apply`, `ack`, `user add` …) migrate it first, creating a
 * missing SQLite file as `tocsin start` would. Readers (`status`, `plan`, `user list` …) never create,
 * migrate or write: a missing or unmigrated store is an error naming it, not an empty answer.
 * Neither takes the one-runner lock: that is `tocsin start`'s alone.
 */
import type { Command } from 'commander';
import type { Config } from '../schema/config.js';
import { migrate } from '../store/migrate.js';
import { openStore, type Store } from '../store/open.js';
import { configPath, databaseUrl, readConfig } from '../config/file.js';

export type Access = 'read' | 'write';

export async function withStore<T>(url: string, access: Access, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(url, { access });
  try {
    if (access === 'write') await migrate(store.db);
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The command's config (-c) and its store. */
export async function withConfigStore<T>(command: Command, access: Access, work: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = await readConfig(configPath(command.optsWithGlobals<{ config?: string }>().config));
  return withStore(databaseUrl(config), access, (store) => work(store, config));
}
