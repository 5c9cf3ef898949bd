// npm run bench:blackbox — CPU per probe of the Prometheus blackbox exporter on this machine, the
// counterpart issue 14 compares tocsin's CPU per HTTP check with (bench/check-cpu.mjs): its http_2xx
// module probes bench/target.mjs (its own process, no keep-alive, as for tocsin) at RATE probes a
// second, asked over keep-alive connections as Prometheus would; the exporter's CPU is read from /proc
// over MEASURE_S. Needs the Debian package (`apt-get install prometheus-blackbox-exporter`).
//
// Env: RATE (probes/s, 1000), MEASURE_S (60), BLACKBOX (the binary, prometheus-blackbox-exporter).
import { fork, spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLK_TCK, cpuTicks, freePort, rssBytes, sleep } from './proc.mjs';

const RATE = Number(process.env.RATE ?? 1000);
const MEASURE_S = Number(process.env.MEASURE_S ?? 60);
const BLACKBOX = process.env.BLACKBOX ?? 'prometheus-blackbox-exporter';

const version = spawnSync(BLACKBOX, ['--version'], { encoding: 'utf8' });
if (version.error) {
  console.error(`${BLACKBOX} not found: apt-get install prometheus-blackbox-exporter (or set BLACKBOX)`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'tocsin-blackbox-'));
const configPath = join(dir, 'blackbox.yml');
writeFileSync(configPath, 'modules:\n  http_2xx:\n    prober: http\n    timeout: 10s\n');

const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
const { port: targetPort } = await new Promise((r) => target.once('message', r));
const port = await freePort();
const exporter = spawn(BLACKBOX, [`--config.file=${configPath}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: 'inherit' });
process.on('exit', () => {
  exporter.kill('SIGKILL');
  target.kill();
  rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const agent = new http.Agent({ keepAlive: true, maxSockets: 2000 });
const path = `/probe?module=http_2xx&target=${encodeURIComponent(`http://127.0.0.1:${targetPort}/blackbox/1`)}`;
let passed = 0;
let failed = 0;
const probe = () =>
  http
    .get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (/^probe_success 1$/m.test(body) ? (passed += 1) : (failed += 1)));
    })
    .on('error', () => (failed += 1));

await sleep(1000);
// Probes asked every 10 ms, RATE a second, whether or not the earlier ones have answered.
const perTick = RATE / 100;
let owed = 0;
const asking = setInterval(() => {
  owed += perTick;
  for (; owed >= 1; owed -= 1) probe();
}, 10);
await sleep(10_000);
const [ticks0, passed0, at0] = [cpuTicks(exporter.pid), passed, Date.now()];
await sleep(MEASURE_S * 1000);
const [ticks1, passed1, at1] = [cpuTicks(exporter.pid), passed, Date.now()];
clearInterval(asking);

const seconds = (at1 - at0) / 1000;
const cpuMs = ((ticks1 - ticks0) * 1000) / CLK_TCK;
const probes = passed1 - passed0;
console.log(`${version.stdout.split('\n')[0]}; ${RATE} probes/s asked for ${MEASURE_S} s; load ${loadavg()[0].toFixed(1)}`);
console.log('| probes/s passed | failed | CPU | CPU per probe | RSS |');
console.log('|---|---|---|---|---|');
console.log(
  `| ${(probes / seconds).toFixed(1)} | ${failed} | ${(cpuMs / seconds / 10).toFixed(1)} % of a core | ${(cpuMs / probes).toFixed(3)} ms | ${Math.round(rssBytes(exporter.pid) / 2 ** 20)} MiB |`,
);
process.exit(0);
