// npm run bench:alert-partition — a network partition: N monitors go down at once, each
// notification written to the outbox for one generic webhook and one Slack-like webhook.
// Measures time to drain both, checks none is lost, and that Slack got at most one request a
// second (digests). Receivers run in a child process so they do not share the worker's event loop.
// Env: NOTIFICATIONS (10000).
import { fork } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const COUNT = Number(process.env.NOTIFICATIONS ?? 10_000);

if (process.argv[2] === 'receivers') await receivers();
else await main();

async function receivers() {
  const webhookIds = new Map();
  const slackTimes = [];
  const slackTexts = [];
  const listen = (handler) =>
    new Promise((resolve) => {
      const server = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          handler(Buffer.concat(chunks).toString('utf8'));
          res.writeHead(200).end('ok');
        });
      });
      server.listen(0, '127.0.0.1', () => resolve(server.address().port));
    });
  const webhookPort = await listen((body) => {
    const id = JSON.parse(body).id;
    webhookIds.set(id, (webhookIds.get(id) ?? 0) + 1);
  });
  const slackPort = await listen((body) => {
    slackTimes.push(Date.now());
    slackTexts.push(JSON.parse(body).text.slice(0, 80));
  });
  process.on('message', (message) => {
    if (message === 'stats') {
      const duplicates = [...webhookIds.values()].filter((n) => n > 1).length;
      process.send({
        webhookRequests: [...webhookIds.values()].reduce((a, b) => a + b, 0),
        webhookUnique: webhookIds.size,
        duplicates,
        slackTimes,
        slackTexts,
      });
    } else process.exit(0);
  });
  process.send({ webhookPort, slackPort });
}

async function main() {
  const { DeliveryWorker } = await import('../dist/engine/delivery.js');
  const { channelSender } = await import('../dist/engine/channel-sender.js');
  const { systemClock } = await import('../dist/lib/clock.js');
  const { silentLogger } = await import('../dist/lib/logger.js');
  const { migrate } = await import('../dist/store/migrate.js');
  const { openStore } = await import('../dist/store/open.js');
  const { insertNotifications, outboxId, pendingSummary } = await import('../dist/store/outbox.js');

  const child = fork(new URL(import.meta.url), ['receivers'], { stdio: 'inherit' });
  const { webhookPort, slackPort } = await new Promise((resolve) => child.once('message', resolve));
  const stats = () =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send('stats');
    });
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-partition-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  await migrate(store.db);

  const channels = {
    'ops-webhook': { type: 'webhook', url: `http://127.0.0.1:${webhookPort}/hook`, headers: {} },
    'ops-slack': { type: 'slack', url: `http://127.0.0.1:${slackPort}/services/T0/B0/bench` },
  };
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < COUNT; i++) {
    const monitor = { id: `m${i}`, name: `mirror ${i}`, type: 'http', target: `https://m${i}.example.org/` };
    for (const channel of Object.keys(channels)) {
      const id = outboxId(now);
      const notification = {
        id,
        event: 'monitor.down',
        at: new Date(now).toISOString(),
        monitor,
        state: 'down',
        previous_state: 'up',
        since: new Date(now).toISOString(),
        message: 'connect to 10.0.0.1:443 timed out after 5000 ms',
        dedup_key: `m${i}/1`,
      };
      rows.push({ id, dedupKey: '1:monitor.down:0', channel, monitorId: monitor.id, notification, createdAt: now });
    }
  }
  let started = performance.now();
  await insertNotifications(store.db, rows);
  const insertMs = performance.now() - started;

  const worker = new DeliveryWorker({
    db: store.db,
    clock: systemClock,
    logger: silentLogger(),
    channels: () => channels,
    fallback: () => [],
    send: channelSender(),
  });
  started = performance.now();
  worker.start();
  const drained = {};
  for (let i = 0; i < 1200 && Object.keys(drained).length < 2; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const pending = await store.db
      .withTables()
      .selectFrom('outbox')
      .select(['channel'])
      .where('delivered_at', 'is', null)
      .where('dead_at', 'is', null)
      .execute();
    for (const channel of Object.keys(channels))
      if (!drained[channel] && !pending.some((p) => p.channel === channel)) drained[channel] = performance.now() - started;
  }
  await worker.stop();
  const summary = await pendingSummary(store.db);
  const s = await stats();
  const perSecond = maxPerWindow(s.slackTimes, 1000);
  const gaps = s.slackTimes.slice(1).map((t, i) => t - s.slackTimes[i]);
  console.log(`alert-partition: ${COUNT} monitors down at once, ${rows.length} notifications (insert ${insertMs.toFixed(0)} ms, one transaction)`);
  console.log(
    `  ops-webhook: drained in ${fmt(drained['ops-webhook'])}; ${s.webhookRequests} requests, ${s.webhookUnique} distinct ids, ${s.duplicates} duplicates`,
  );
  console.log(
    `  ops-slack:   drained in ${fmt(drained['ops-slack'])}; ${s.slackTimes.length} requests (digests), max ${perSecond} in any 1 s window, min gap ${gaps.length ? Math.min(...gaps) : '-'} ms`,
  );
  console.log(`  first digest: "${s.slackTexts[0] ?? ''}…"`);
  console.log(
    `  left undelivered: ${summary.pending}; worker: ${JSON.stringify({ delivered: worker.stats().delivered, digests: worker.stats().digests, failedAttempts: worker.stats().failedAttempts })}`,
  );
  const ok = summary.pending === 0 && s.webhookUnique === COUNT && perSecond <= 1;
  console.log(ok ? 'PASS: every notification delivered; Slack ≤ 1 request/s' : 'FAIL');
  child.send('exit');
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
}

function maxPerWindow(times, windowMs) {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function fmt(ms) {
  return ms === undefined ? 'NOT DRAINED (2 min)' : `${(ms / 1000).toFixed(2)} s`;
}
