import { expect, it } from 'vitest';
import {
  findAgentTokenByHash,
  getAgentToken,
  insertAgentToken,
  listAgentTokens,
  locationNames,
  revokeAgentToken,
  touchAgentToken,
} from '../../src/store/agents.js';
import { insertResults, recentResults, type ResultRow } from '../../src/store/results.js';
import { describeStore } from './dialects.js';

const row = (at: number, location?: string): ResultRow => ({
  monitorId: 'web',
  at,
  status: 'up',
  latencyMs: 5,
  message: 'HTTP 200',
  timings: {},
  ...(location !== undefined && { location }),
});

describeStore('probe agents in the store', (store, dialect) => {
  it('keeps agent tokens by hash, lists them, and revokes them once', async () => {
    const { db } = store();
    const id = `00000000-0000-4000-8000-${dialect === 'sqlite' ? '000000000001' : '000000000002'}`;
    await insertAgentToken(db, {
      id,
      location: 'eu-west',
      name: 'agent eu-west',
      prefix: 'tocsin_agent_abcd',
      createdAt: 1000,
      lastSeenAt: null,
      revokedAt: null,
      hash: `h-${dialect}`,
    });
    expect((await findAgentTokenByHash(db, `h-${dialect}`))?.location).toBe('eu-west');
    await touchAgentToken(db, id, 2000);
    await revokeAgentToken(db, id, 3000);
    await revokeAgentToken(db, id, 4000);
    expect(await getAgentToken(db, id)).toMatchObject({ lastSeenAt: 2000, revokedAt: 3000 });
    expect((await listAgentTokens(db)).map((t) => t.id)).toContain(id);
  });

  it('records the location of every result row, local as 0', async () => {
    const { db } = store();
    await insertResults(db, [row(1000), row(2000, 'eu-west'), row(3000, 'us-east-2'), row(4000, 'eu-west'), row(5000, 'local')]);
    const names = await locationNames(db);
    const rows = await db.selectFrom('results').select(['at', 'location_key']).orderBy('at').execute();
    expect(rows.map((r) => names.get(Number(r.location_key)))).toEqual(['local', 'eu-west', 'us-east-2', 'eu-west', 'local']);
    const read = await recentResults(db, 'web');
    expect(read.map((r) => r.location)).toEqual([undefined, 'eu-west', 'us-east-2', 'eu-west', undefined]);
  });
});
