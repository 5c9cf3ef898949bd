// npm run bench:login-flood — what an anonymous sign-in flood costs: 575 logins in 30 s (issue 12's
// figure) against a real tocsin in a forked process on 127.0.0.1, whose own CPU time is read with
// process.cpuUsage() (every thread of it, so scrypt on libuv's pool counts). One fresh tocsin per scenario:
//   one-source    every login from 127.0.0.1, a new unknown email each time
//   many-sources  every login from its own address (127.0.x.y), a new unknown email each time
//   one-account   wrong passwords for a real account from rotating addresses (the old lockout)
// After each flood the account's owner signs in from an address they used before.
// Env: LOGINS (575), DURATION_S (30), SCENARIOS (all, comma-separated), TIMEOUT_S (120, per login),
// TOCSIN_DIST (../dist: point it at another build to compare). CPU is read once every login is
// answered: work still running for logins that timed out is not counted.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const PASSWORD = 'correct horse battery';
const OWNER = 'owner@example.org';
const OWNER_ADDRESS = '127.0.0.2';

async function serve() {
  const dist = pathToFileURL(resolve(process.env.TOCSIN_DIST ?? new URL('../dist', import.meta.url).pathname)).href;
  const { startTocsin } = await import(`${dist}/main.js`);
  const { createUser } = await import(`${dist}/services/users.js`);
  const { silentLogger } = await import(`${dist}/lib/logger.js`);
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-login-'));
  const file = join(dir, 'tocsin.yaml');
  writeFileSync(file, `database:\n  url: sqlite:${join(dir, 'tocsin.db')}\nmonitors: []\n`);
  const tocsin = await startTocsin({ configPath: file, env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  await createUser(tocsin.store.db, { email: OWNER, role: 'viewer', password: PASSWORD }, { actor: { kind: 'cli', label: 'bench' }, now: Date.now() });
  process.send({ address: tocsin.address });
  process.on('message', async (m) => {
    if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (m === 'stop') {
      await tocsin.stop();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

function login(address, { email, password, from }) {
  const [host, port] = address.split(':');
  const body = JSON.stringify({ email, password });
  return new Promise((done) => {
    const request = http.request(
      {
        host,
        port,
        path: '/api/v1/login',
        method: 'POST',
        localAddress: from,
        agent: false,
        timeout: Number(process.env.TIMEOUT_S ?? 120) * 1000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode));
      },
    );
    request.on('error', () => done('error'));
    request.on('timeout', () => request.destroy());
    request.end(body);
  });
}

const address = (i) => `127.0.${10 + Math.floor(i / 250)}.${(i % 250) + 1}`;
const SCENARIOS = {
  'one-source': (i) => ({ email: `flood-${i}@example.org`, password: `guess ${i}`, from: '127.0.0.1' }),
  'many-sources': (i) => ({ email: `flood-${i}@example.org`, password: `guess ${i}`, from: address(i) }),
  'one-account': (i) => ({ email: OWNER, password: `guess ${i}`, from: address(i) }),
};

async function run(name, make, logins, durationMs) {
  const server = fork(new URL(import.meta.url), ['server'], { stdio: 'inherit' });
  const ask = (message) =>
    new Promise((answer) => {
      server.once('message', answer);
      if (message) server.send(message);
    });
  const { address: target } = await ask();
  // The owner has signed in from this address before: the flood must not keep them out.
  await login(target, { email: OWNER, password: PASSWORD, from: OWNER_ADDRESS });
  const before = (await ask('cpu')).cpu;
  const started = Date.now();
  const answers = [];
  for (let i = 0; i < logins; i++) {
    const due = started + (i * durationMs) / logins;
    if (due > Date.now()) await new Promise((wake) => setTimeout(wake, due - Date.now()));
    answers.push(login(target, make(i)));
  }
  const statuses = await Promise.all(answers);
  const elapsed = Date.now() - started;
  const after = (await ask('cpu')).cpu;
  const ownerStarted = Date.now();
  const owner = await login(target, { email: OWNER, password: PASSWORD, from: OWNER_ADDRESS });
  const ownerMs = Date.now() - ownerStarted;
  server.send('stop');
  const counts = statuses.reduce((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
  const cpu = (after.user + after.system - before.user - before.system) / 1e6;
  return {
    scenario: name,
    logins,
    'flood s': (elapsed / 1000).toFixed(1),
    'CPU s': cpu.toFixed(1),
    answers: Object.entries(counts)
      .map(([s, n]) => `${n}×${s}`)
      .join(' '),
    'owner after': `${owner} in ${ownerMs} ms`,
  };
}

async function drive() {
  const logins = Number(process.env.LOGINS ?? 575);
  const durationMs = Number(process.env.DURATION_S ?? 30) * 1000;
  const names = (process.env.SCENARIOS ?? Object.keys(SCENARIOS).join(',')).split(',');
  const rows = [];
  for (const name of names) {
    if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}; expected one of ${Object.keys(SCENARIOS).join(', ')}`);
    rows.push(await run(name, SCENARIOS[name], logins, durationMs));
  }
  console.log(`tocsin from ${process.env.TOCSIN_DIST ?? 'dist'}; ${logins} logins over ${durationMs / 1000} s per scenario`);
  console.table(rows);
}

if (process.argv[2] === 'server') await serve();
else await drive();
