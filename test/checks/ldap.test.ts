/** The ldap check against Debian's OpenLDAP slapd, started per file with a small directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ldapCheck, runLdap } from '../../src/checks/ldap/check.js';
import { ldapSettings, type LdapSettings } from '../../src/checks/ldap/schema.js';
import { makeAuthority, makeCertificate, type KeyAndCert } from '../helpers/certs.js';
import { testContext } from '../helpers/check-context.js';
import { startSilentListener } from '../helpers/tcp-servers.js';
import { runCli } from '../cli/run-cli.js';
import { ADMIN_DN, startSlapd, SUFFIX, type PrivateSlapd } from './slapd.js';

const DAY = 86_400_000;
let slapd: PrivateSlapd;
let ca: KeyAndCert;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  ca = await makeAuthority('tocsin ldap test CA');
  // Ten days left: below the default warn_days (21), above critical_days (7).
  const certificate = await makeCertificate({
    commonName: 'localhost',
    altNames: ['localhost', '127.0.0.1'],
    issuer: ca,
    notAfter: new Date(Date.now() + 10 * DAY),
  });
  slapd = await startSlapd(certificate, ['ada', 'grace', 'linus']);
}, 30_000);
afterAll(() => slapd.stop());
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

const settings = (fields: Record<string, unknown>): LdapSettings => ldapSettings.parse(fields);
const plain = () => `ldap://127.0.0.1:${slapd.ldapPort}`;
const trusted = () => ({ ca: ca.cert });
const people = { base: `ou=people,${SUFFIX}`, filter: '(objectClass=inetOrgPerson)' };

describe('ldap check against slapd', () => {
  it('binds anonymously', async () => {
    const result = await ldapCheck.run(settings({ url: plain() }), testContext().ctx);
    expect(result).toMatchObject({ status: 'up', message: `bound anonymously at 127.0.0.1:${slapd.ldapPort}` });
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['dns', 'connect', 'auth', 'total']));
  });

  it('binds with credentials and counts the entries a search finds', async () => {
    const result = await ldapCheck.run(
      settings({ url: plain(), bind_dn: ADMIN_DN, bind_password: slapd.adminPassword, search: { ...people, min_entries: 3 } }),
      testContext().ctx,
    );
    expect(result).toMatchObject({
      status: 'up',
      message: `bound as ${ADMIN_DN} at 127.0.0.1:${slapd.ldapPort}, search of "ou=people,${SUFFIX}" for (objectClass=inetOrgPerson) found 3 entries`,
      metrics: { ldap_entries: 3 },
    });
    expect(result.timings.query).toBeGreaterThanOrEqual(0);
  });

  it('is down on a wrong password, without repeating it', async () => {
    const result = await ldapCheck.run(settings({ url: plain(), bind_dn: ADMIN_DN, bind_password: 'not-the-password' }), testContext().ctx);
    expect(result.status).toBe('down');
    expect(result.message).toMatch(new RegExp(`^bind as ${ADMIN_DN} at 127\\.0\\.0\\.1:\\d+ failed: invalid credentials \\(result code 49\\)$`));
    expect(result.message).not.toContain('not-the-password');
  });

  it('is down when a search finds fewer entries than min_entries', async () => {
    const result = await ldapCheck.run(settings({ url: plain(), search: { ...people, min_entries: 5 } }), testContext().ctx);
    expect(result).toMatchObject({ status: 'down', message: expect.stringMatching(/found 3 entries, expected at least 5$/) });
  });

  it("passes on the server's reason a search failed", async () => {
    const result = await ldapCheck.run(settings({ url: plain(), search: { base: `ou=nobody,${SUFFIX}` } }), testContext().ctx);
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/but the search of "ou=nobody,dc=example,dc=org" for \(objectClass=\*\) failed: no such object.*\(result code 32\)$/),
    });
  });

  it('reads the certificate over ldaps:// and judges its days like the tls check', async () => {
    const url = `ldaps://127.0.0.1:${slapd.ldapsPort}`;
    const result = await runLdap(settings({ url }), testContext().ctx, trusted());
    expect(result).toMatchObject({
      status: 'degraded',
      message: expect.stringMatching(
        /^certificate for 127\.0\.0\.1 expires in 9 days \(.*\), below warn_days 21 \(bound anonymously at 127\.0\.0\.1:\d+ over ldaps\)$/,
      ),
    });
    const relaxed = await runLdap(settings({ url, warn_days: 5, critical_days: 2 }), testContext().ctx, trusted());
    expect(relaxed).toMatchObject({ status: 'up', message: expect.stringMatching(/over ldaps; certificate for 127\.0\.0\.1 valid for 9 days/) });
    expect(relaxed.timings.tls).toBeGreaterThanOrEqual(0);
  });

  it('upgrades with StartTLS before binding', async () => {
    const result = await runLdap(
      settings({ url: plain(), starttls: true, bind_dn: ADMIN_DN, bind_password: slapd.adminPassword, warn_days: 5, critical_days: 2 }),
      testContext().ctx,
      trusted(),
    );
    expect(result).toMatchObject({
      status: 'up',
      message: expect.stringMatching(
        new RegExp(`^bound as ${ADMIN_DN} at 127\\.0\\.0\\.1:\\d+ over StartTLS; certificate for 127\\.0\\.0\\.1 valid for 9 days`),
      ),
    });
    expect(result.timings.starttls).toBeGreaterThanOrEqual(0);
  });

  it('does not send the password to a server whose certificate it does not trust', async () => {
    const result = await ldapCheck.run(
      settings({ url: `ldaps://127.0.0.1:${slapd.ldapsPort}`, bind_dn: ADMIN_DN, bind_password: slapd.adminPassword }),
      testContext().ctx,
    );
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/is not trusted: .*; did not send the password to bind as cn=admin,dc=example,dc=org$/),
    });
    expect(result.timings.auth).toBeUndefined();
  });

  it('tocsin check ldaps:// binds anonymously and exits 1 for a certificate below warn_days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-ldap-cli-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'ca.pem'), ca.cert);
    const run = await runCli(['check', `ldaps://127.0.0.1:${slapd.ldapsPort}`], { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') });
    expect(run.stdout).toMatch(/DEGRADED\s+ldap\s+certificate for 127\.0\.0\.1 expires in 9 days .*\(bound anonymously at 127\.0\.0\.1:\d+ over ldaps\)/);
    expect(run.code).toBe(1);
  });

  it('waits for a silent server in the bind until the deadline, then closes the socket', async () => {
    const server = await startSilentListener();
    cleanups.push(() => server.close());
    const { ctx, abort } = testContext();
    const outcome = ldapCheck.run(settings({ url: `ldap://127.0.0.1:${server.port}` }), ctx).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const phase = `while authenticating to 127.0.0.1:${server.port}`;
    // Connecting takes its time on a loaded machine: wait for the phase rather than a fixed moment.
    for (let i = 0; i < 250 && ctx.phases.describe() !== phase; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.phases.describe()).toBe(phase);
    abort();
    expect(await outcome).toEqual(new Error('timed out after 5000 ms'));
    await server.allClosed();
    expect(server.open).toBe(0);
  });
});

describe('ldap check against slapd without TLS', () => {
  let plainOnly: PrivateSlapd;
  beforeAll(async () => {
    plainOnly = await startSlapd(undefined, []);
  }, 30_000);
  afterAll(() => plainOnly.stop());

  it('says StartTLS failed and does not bind in the clear', async () => {
    const result = await ldapCheck.run(
      settings({ url: `ldap://127.0.0.1:${plainOnly.ldapPort}`, starttls: true, bind_dn: ADMIN_DN, bind_password: plainOnly.adminPassword }),
      testContext().ctx,
    );
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(new RegExp(`^StartTLS with 127\\.0\\.0\\.1:${plainOnly.ldapPort} failed: .*\\(result code \\d+\\)$`)),
    });
    expect(result.timings.auth).toBeUndefined();
  });
});
