/** The domain check against a local RDAP server and bootstrap file, with a clock the test moves. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainCheck } from '../../src/checks/domain/check.js';
import { domainSettings } from '../../src/checks/domain/schema.js';
import { runMonitorCheck } from '../../src/checks/registry.js';
import type { CheckContext } from '../../src/checks/types.js';
import { probeTargetPolicy } from '../../src/core/targets/policy.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import { parseConfig, resolveConfig } from '../../src/schema/config.js';
import { makeAuthority, makeCertificate } from '../helpers/certs.js';
import { testContext } from '../helpers/check-context.js';
import { runCli } from '../cli/run-cli.js';
import { startRdapServer, type RdapServer } from './rdap-server.js';

const HOUR = 3_600_000;
let rdap: RdapServer;
let clock = Date.now();
const now = () => clock;

beforeAll(async () => {
  rdap = await startRdapServer(now);
});
afterAll(() => rdap.close());

function context(more: Partial<CheckContext> = {}): CheckContext {
  return { ...testContext().ctx, rdap: { bootstrap_url: rdap.bootstrapUrl }, ...more };
}
const settings = (domain: string, more: Record<string, unknown> = {}) => domainSettings.parse({ domain, ...more });

describe('domain check over RDAP', () => {
  it('finds the registry through the bootstrap file and reads the expiry', async () => {
    const result = await createDomainCheck(now).run(settings('200d-fine.test'), context());
    expect(result).toMatchObject({
      status: 'up',
      message: expect.stringMatching(/^registration of 200d-fine\.test valid for 200 days \(until \S+Z\), registrar Test Registrar$/),
    });
    expect(result.metrics?.domain_days_left).toBeGreaterThan(199);
    expect(rdap.hits('/bootstrap/dns.json')).toBeGreaterThanOrEqual(1);
  });

  it('is degraded below warn_days and down below critical_days', async () => {
    const check = createDomainCheck(now);
    expect((await check.run(settings('20d-soon.test'), context())).status).toBe('degraded');
    expect(await check.run(settings('3d-sooner.test'), context())).toMatchObject({ status: 'down', message: expect.stringContaining('below critical_days 7') });
    expect(await check.run(settings('m3d-lapsed.test'), context())).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^registration of m3d-lapsed\.test expired 3 days ago/),
    });
  });

  it('asks the registry at most once a day', async () => {
    const check = createDomainCheck(now);
    const path = '/rdap/domain/100d-daily.test';
    await check.run(settings('100d-daily.test'), context());
    clock += 23 * HOUR;
    const kept = await check.run(settings('100d-daily.test'), context());
    expect(rdap.hits(path)).toBe(1);
    expect(kept.message).toMatch(/\(RDAP answer from 23 hours ago\)$/);
    clock += 2 * HOUR;
    await check.run(settings('100d-daily.test'), context());
    expect(rdap.hits(path)).toBe(2);
  });

  it('asks the server a monitor names instead of the bootstrap file', async () => {
    const result = await createDomainCheck(now).run(
      settings('90d-direct.test', { rdap_server: rdap.url }),
      context({ rdap: { bootstrap_url: 'http://127.0.0.1:9/never.json' } }),
    );
    expect(result.status).toBe('up');
    expect(rdap.hits('/rdap/domain/90d-direct.test')).toBe(1);
  });

  it("follows a redirect to the registry's server and names that server", async () => {
    const result = await createDomainCheck(now).run(settings('gone-redirected.test', { rdap_server: rdap.redirector }), context());
    expect(result).toMatchObject({ status: 'down', message: expect.stringMatching(/^gone-redirected\.test is not registered: 127\.0\.0\.1:\d+ answered 404/) });
    expect(rdap.hits('/moved/domain/gone-redirected.test')).toBe(1);
    expect(rdap.hits('/rdap/domain/gone-redirected.test')).toBe(1);
  });

  it('is down for a name the registry does not know', async () => {
    const result = await createDomainCheck(now).run(settings('gone-away.test'), context());
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^gone-away\.test is not registered: 127\.0\.0\.1:\d+ answered 404 \(not found\)$/),
    });
  });

  it('is unknown when the registry fails, and retries after an hour, not on every run', async () => {
    const check = createDomainCheck(now);
    const first = await check.run(settings('broken-registry.test'), context());
    expect(first).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/^could not read the registration of broken-registry\.test over RDAP: 127\.0\.0\.1:\d+ answered HTTP 503$/),
    });
    await check.run(settings('broken-registry.test'), context());
    expect(rdap.hits('/rdap/domain/broken-registry.test')).toBe(1);
    clock += HOUR;
    await check.run(settings('broken-registry.test'), context());
    expect(rdap.hits('/rdap/domain/broken-registry.test')).toBe(2);
  });

  it('is unknown when the bootstrap file names no server for the TLD', async () => {
    const result = await createDomainCheck(now).run(settings('example.invalid'), context());
    expect(result).toMatchObject({ status: 'unknown', message: expect.stringMatching(/names no RDAP server for \.invalid; set rdap_server$/) });
  });

  it('is unknown when the registry publishes no expiration', async () => {
    const result = await createDomainCheck(now).run(settings('quiet-registry.test'), context());
    expect(result).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/^127\.0\.0\.1:\d+ publishes no expiration date for quiet-registry\.test, registrar Test Registrar$/),
    });
  });

  it('names the phase when the registry never answers, and caches nothing', async () => {
    const check = createDomainCheck(now);
    const { ctx, abort } = testContext();
    const run = check.run(settings('hang-forever.test', { rdap_server: rdap.url }), ctx).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const phase = /^waiting for the first byte from 127\.0\.0\.1:\d+$/;
    // Connecting takes its time on a loaded machine: wait for the phase rather than a fixed moment.
    for (let i = 0; i < 250 && !phase.test(ctx.phases.describe()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.phases.describe()).toMatch(phase);
    abort();
    expect(await run).toEqual(new Error('timed out after 5000 ms'));
    // Nothing was kept: the next run asks again.
    const again = testContext();
    const second = check.run(settings('hang-forever.test', { rdap_server: rdap.url }), again.ctx).catch((error: unknown) => error);
    for (let i = 0; i < 100 && rdap.hits('/rdap/domain/hang-forever.test') < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    again.abort();
    await second;
    expect(rdap.hits('/rdap/domain/hang-forever.test')).toBe(2);
  });

  it('keeps to server.probe_targets: a refused registry is unknown and never asked', async () => {
    const targets = probeTargetPolicy({ allow: [], deny: ['127.0.0.0/8'] });
    const result = await createDomainCheck(now).run(settings('50d-refused.test', { rdap_server: rdap.url }), context({ targets }));
    expect(result).toMatchObject({ status: 'unknown', message: expect.stringContaining('is not allowed by server.probe_targets (deny 127.0.0.0/8)') });
    expect(rdap.hits('/rdap/domain/50d-refused.test')).toBe(0);
  });

  it('runs from the config file with server.rdap, as the engine runs it', async () => {
    const parsed = parseConfig({
      server: { rdap: { bootstrap_url: rdap.bootstrapUrl } },
      monitors: [{ id: 'registration', type: 'domain', domain: '60d-config.test', warn_days: 90 }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const config = resolveConfig(parsed.value);
    const monitor = config.monitors[0]!;
    const result = await runWithDeadline((ctx) => runMonitorCheck(monitor, { ...ctx, rdap: config.server.rdap }), monitor.timeout);
    expect(result).toMatchObject({ status: 'degraded', message: expect.stringContaining('below warn_days 90') });
  });

  it('tocsin check domain:// asks the server.rdap bootstrap file of the config', async () => {
    // The CLI reads the real clock; the server dates its answer by the test's, which earlier tests moved on.
    clock = Date.now();
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-domain-cli-'));
    try {
      writeFileSync(join(dir, 'tocsin.yaml'), `server:\n  rdap:\n    bootstrap_url: ${rdap.bootstrapUrl}\n`);
      const run = await runCli(['check', '-c', join(dir, 'tocsin.yaml'), 'domain://20d-cli.test']);
      expect(run.stdout).toMatch(
        /DEGRADED\s+domain\s+registration of 20d-cli\.test expires in (19|20) days \(\S+Z\), below warn_days 30, registrar Test Registrar/,
      );
      expect(run.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('domain check over https RDAP', () => {
  let secure: RdapServer;
  let dir: string;
  beforeAll(async () => {
    const ca = await makeAuthority('tocsin rdap test CA');
    secure = await startRdapServer(Date.now, await makeCertificate({ commonName: 'localhost', altNames: ['localhost'], issuer: ca }));
    dir = mkdtempSync(join(tmpdir(), 'tocsin-rdap-tls-'));
    writeFileSync(join(dir, 'ca.pem'), ca.cert);
    writeFileSync(join(dir, 'tocsin.yaml'), `server:\n  rdap:\n    server: ${secure.url}\n`);
  });
  afterAll(async () => {
    await secure.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("verifies the RDAP server's certificate against the system's trust store", async () => {
    const run = await runCli(['check', '-c', join(dir, 'tocsin.yaml'), 'domain://400d-tls.test'], { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') });
    expect(run.stdout).toMatch(/UP\s+domain\s+registration of 400d-tls\.test valid for (399|400) days/);
    expect(run.code).toBe(0);
  });

  it('is unknown, naming the certificate problem, when it does not trust the RDAP server', async () => {
    const result = await createDomainCheck().run(settings('400d-untrusted.test', { rdap_server: secure.url }), testContext().ctx);
    expect(result).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/^could not read the registration of 400d-untrusted\.test over RDAP: localhost:\d+: .*certificate/),
    });
    expect(secure.hits('/rdap/domain/400d-untrusted.test')).toBe(0);
  });
});
