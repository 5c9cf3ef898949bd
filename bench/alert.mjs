// npm run bench:alert — 100 HTTP monitors against local targets that all start failing at one
// instant; measures, per monitor, the time from the failure to the webhook's receipt and from the
// deciding result (the target's down_after-th failing answer) to the receipt.
// Runs with tocsin's defaults unless told otherwise: interval 60 s, timeout 10 s, down_after 2,
// retry_interval 10 s. Promise: p99 ≤ interval + (down_after − 1) × retry_interval + timeout + 1 s,
// and p99 ≤ 1 s from the deciding result.
// Env: MONITORS (100), INTERVAL_MS (60000), TIMEOUT_MS (10000), DOWN_AFTER (2), RETRY_MS (10000).
// The targets and the receiver run in a child process, so they do not share tocsin's event loop.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.argv[2] === 'peer') peer();
else await main();

async function main() {
  const MONITORS = Number(process.env.MONITORS ?? 100);
  const INTERVAL = Number(process.env.INTERVAL_MS ?? 60_000);
  const TIMEOUT = Number(process.env.TIMEOUT_MS ?? 10_000);
  const DOWN_AFTER = Number(process.env.DOWN_AFTER ?? 2);
  const RETRY = Number(process.env.RETRY_MS ?? 10_000);
  const { startTocsin } = await import('../dist/main.js');
  const { silentLogger } = await import('../dist/lib/logger.js');

  const child = fork(new URL(import.meta.url), ['peer'], { stdio: 'inherit' });
  const ask = (message) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  const { targetPort, receiverPort } = await ask({ kind: 'ports' });

  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-alert-'));
  const monitors = Array.from({ length: MONITORS }, (_, i) => `  - { id: m${i}, type: http, url: "http://127.0.0.1:${targetPort}/m${i}" }`);
  writeFileSync(
    join(dir, 'tocsin.yaml'),
    [
      `database: { url: "sqlite:${join(dir, 'tocsin.db')}" }`,
      `defaults: { interval: ${INTERVAL}ms, timeout: ${TIMEOUT}ms, alert: { down_after: ${DOWN_AFTER}, retry_interval: ${RETRY}ms }, escalation: oncall }`,
      `channels: { hook: { type: webhook, url: "http://127.0.0.1:${receiverPort}/hook" } }`,
      'escalations: { oncall: [ { notify: [hook] } ] }',
      'monitors:',
      ...monitors,
    ].join('\n'),
  );
  const tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  try {
    // Warm-up: every monitor checked (up) at least twice, so the failure meets a steady schedule.
    await sleep(2 * INTERVAL + 500);
    const { failAt } = await ask({ kind: 'fail' });
    const deadline = failAt + INTERVAL + (DOWN_AFTER - 1) * RETRY + TIMEOUT + 15_000;
    let report;
    do {
      await sleep(250);
      report = await ask({ kind: 'report' });
    } while (Object.keys(report.received).length < MONITORS && Date.now() < deadline);
    summarise(report, failAt, { count: MONITORS, interval: INTERVAL, timeout: TIMEOUT, downAfter: DOWN_AFTER, retry: RETRY });
  } finally {
    await tocsin.stop();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarise({ received, fails }, failAt, { count, interval, timeout, downAfter, retry }) {
  const ids = Object.keys(received);
  const fromFailure = ids.map((id) => received[id] - failAt);
  const fromDecision = ids.map((id) => received[id] - (fails[id]?.[downAfter - 1] ?? NaN));
  const budget = interval + (downAfter - 1) * Math.min(retry, interval) + timeout + 1000;
  const p99a = percentile(fromFailure, 0.99);
  const p99b = percentile(fromDecision, 0.99);
  console.log(`monitors: ${count}, interval ${interval} ms, timeout ${timeout} ms, down_after ${downAfter}, retry_interval ${retry} ms`);
  console.log(`pages received: ${ids.length}/${count}`);
  console.log(
    `failure → receipt:         p50 ${percentile(fromFailure, 0.5)} ms, p99 ${p99a} ms, max ${Math.max(...fromFailure)} ms (promise: p99 ≤ ${budget} ms)`,
  );
  console.log(
    `deciding result → receipt: p50 ${percentile(fromDecision, 0.5)} ms, p99 ${p99b} ms, max ${Math.max(...fromDecision)} ms (promise: p99 ≤ 1000 ms)`,
  );
  const ok = ids.length === count && p99a <= budget && p99b <= 1000;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
}

function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The child: targets that fail on command (noting each one's first failing answer) and the webhook receiver. */
function peer() {
  let failAt = Infinity;
  /** Each target's first failing answers (a few), to find the one that decided. */
  const fails = {};
  const received = {};
  const target = http.createServer((req, res) => {
    const id = (req.url ?? '').slice(1);
    const failing = Date.now() >= failAt;
    if (failing && (fails[id] ??= []).length < 5) fails[id].push(Date.now());
    res.writeHead(failing ? 503 : 200, { 'content-type': 'text/plain', connection: 'close' });
    res.end(failing ? 'unavailable' : 'ok');
  });
  const receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body.event === 'monitor.down' && received[body.monitor.id] === undefined) received[body.monitor.id] = Date.now();
      res.writeHead(200).end('ok');
    });
  });
  target.listen(0, '127.0.0.1');
  receiver.listen(0, '127.0.0.1');
  process.on('message', (message) => {
    if (message.kind === 'ports') process.send({ targetPort: target.address().port, receiverPort: receiver.address().port });
    if (message.kind === 'fail') {
      failAt = Date.now();
      process.send({ failAt });
    }
    if (message.kind === 'report') process.send({ received, fails });
  });
  process.on('disconnect', () => process.exit(0));
}
