// npx tsc -p tsconfig.build.json && node bench/ssh.mjs — what one ssh check costs tocsin, against
// Debian's sshd on 127.0.0.1 (started here with its own host key): wall time and this process's CPU
// time (process.cpuUsage, every thread) per check, for a banner-and-host-key check, a key login, and
// a key login with a passphrase-protected key (OpenSSH's bcrypt KDF runs on every check).
// Env: RUNS (20 per scenario), TOCSIN_DIST (../dist).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNS = Number(process.env.RUNS ?? 20);
const dist = pathToFileURL(resolve(process.env.TOCSIN_DIST ?? new URL('../dist', import.meta.url).pathname)).href;
const { sshCheck } = await import(`${dist}/checks/ssh/check.js`);
const { sshSettings } = await import(`${dist}/checks/ssh/schema.js`);
const { Phases } = await import(`${dist}/checks/phases.js`);

const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-ssh-'));
const keygen = (name, passphrase = '') => {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', join(dir, name)]);
  return readFileSync(join(dir, name), 'utf8');
};
mkdirSync('/run/sshd', { recursive: true });
keygen('host');
const plainKey = keygen('plain');
const encryptedKey = keygen('encrypted', 'bench passphrase');
writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'plain.pub'), 'utf8') + readFileSync(join(dir, 'encrypted.pub'), 'utf8'));
const port = await new Promise((done) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => done(free));
  });
});
writeFileSync(
  join(dir, 'sshd_config'),
  [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host')}`,
    `PidFile ${join(dir, 'pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'PermitRootLogin prohibit-password',
    'MaxStartups 100',
    'LogLevel ERROR',
    '',
  ].join('\n'),
);
const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: 'ignore' });
for (let i = 0; i < 100; i++) {
  const up = await new Promise((done) =>
    net
      .connect(port, '127.0.0.1')
      .once('connect', function () {
        this.destroy();
        done(true);
      })
      .once('error', () => done(false)),
  );
  if (up) break;
  await new Promise((done) => setTimeout(done, 100));
}

const user = execFileSync('id', ['-un']).toString().trim();
const scenarios = [
  ['banner and host key', {}],
  ['key login', { username: user, private_key: plainKey }],
  ['key login, passphrase-protected key', { username: user, private_key: encryptedKey, passphrase: 'bench passphrase' }],
];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`| check | runs | wall p50 | CPU per check (p50) |\n|---|---|---|---|`);
for (const [name, extra] of scenarios) {
  const settings = sshSettings.parse({ host: '127.0.0.1', port, ...extra });
  const walls = [];
  const cpus = [];
  for (let i = 0; i < RUNS; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await sshCheck.run(settings, { signal: new AbortController().signal, timeoutMs: 30_000, phases: new Phases() });
    if (result.status !== 'up') throw new Error(`${name}: ${result.message}`);
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  console.log(`| ${name} | ${RUNS} | ${median(walls).toFixed(1)} ms | ${median(cpus).toFixed(1)} ms |`);
}
sshd.kill('SIGKILL');
rmSync(dir, { recursive: true, force: true });
