// Backup and restore throughput: a SQLite store of 1,000 monitors and N results each, backed up
// online, verified, and restored into SQLite and (with BENCH_POSTGRES_URL) PostgreSQL.
// Run: npx tsc -p tsconfig.build.json && node bench/backup.mjs [results-per-monitor]
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { verifyBackup } from '../dist/backup/read.js';
import { restoreBackup } from '../dist/backup/restore.js';
import { writeBackup } from '../dist/backup/write.js';
import { migrate } from '../dist/store/migrate.js';
import { openStore } from '../dist/store/open.js';
import { insertResults } from '../dist/store/results.js';

const MONITORS = 1000;
const PER_MONITOR = Number(process.argv[2] ?? 500);
const dir = await mkdtemp(join(tmpdir(), 'tocsin-bench-backup-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function timed(label, work) {
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s`);
  return { result, ms };
}

const source = await openStore(`sqlite:${join(dir, 'source.db')}`);
await migrate(source.db);
const now = Date.now();
await source.db
  .insertInto('monitors')
  .values(
    Array.from({ length: MONITORS }, (_, i) => ({
      id: `m-${i}`,
      type: 'http',
      name: `m-${i}`,
      source: 'config',
      definition: JSON.stringify({ id: `m-${i}`, url: `https://example.com/${i}` }),
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })),
  )
  .execute();
await timed(`seed ${MONITORS * PER_MONITOR} results`, async () => {
  for (let round = 0; round < PER_MONITOR; round++) {
    const rows = Array.from({ length: MONITORS }, (_, i) => ({
      monitorId: `m-${i}`,
      at: now - (PER_MONITOR - round) * 60_000,
      status: 'up',
      latencyMs: 20 + (i % 30),
      message: 'HTTP 200 in 23 ms',
      timings: { dns: 1, connect: 2, firstByte: 20 },
    }));
    // One transaction per round, as the engine's writer does.
    await insertResults(source.db, rows);
  }
});
const dbBytes = (await stat(join(dir, 'source.db'))).size;

const reader = await openStore(`sqlite:${join(dir, 'source.db')}`, { access: 'read' });
const file = join(dir, 'bench.tocsin-backup.gz');
const backup = await timed('backup (online, one snapshot)', () => writeBackup(reader, file, 'bench'));
await reader.close();
const rows = Object.values(backup.result.tables).reduce((a, b) => a + b, 0);
const fileBytes = (await stat(file)).size;
const verify = await timed('verify (gunzip, counts, sha256)', () => verifyBackup(file));

const lite = await openStore(`sqlite:${join(dir, 'restored.db')}`);
const liteRestore = await timed('restore into SQLite', () => restoreBackup(file, lite));
await lite.close();

let pgRestore;
const pgUrl = process.env.BENCH_POSTGRES_URL;
if (pgUrl) {
  const schema = `tocsin_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  const target = await openStore(url.toString());
  try {
    pgRestore = await timed('restore into PostgreSQL', () => restoreBackup(file, target));
  } finally {
    await target.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
clearInterval(sampler);
await source.close();
await rm(dir, { recursive: true, force: true });

const perSec = (ms) => Math.round(rows / (ms / 1000)).toLocaleString('en');
console.log(`\n| rows | SQLite file | backup file | backup | verify | restore → SQLite | restore → PostgreSQL | peak RSS |`);
console.log(`|---|---|---|---|---|---|---|---|`);
console.log(
  `| ${rows.toLocaleString('en')} | ${(dbBytes / 1e6).toFixed(0)} MB | ${(fileBytes / 1e6).toFixed(1)} MB | ${(backup.ms / 1000).toFixed(1)} s (${perSec(backup.ms)} rows/s) | ${(verify.ms / 1000).toFixed(1)} s | ${(liteRestore.ms / 1000).toFixed(1)} s (${perSec(liteRestore.ms)} rows/s) | ${pgRestore ? `${(pgRestore.ms / 1000).toFixed(1)} s (${perSec(pgRestore.ms)} rows/s)` : 'not run'} | ${Math.round(peakRss / 1e6)} MB |`,
);
