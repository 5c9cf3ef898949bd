import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KeyAndCert } from '../helpers/certs.js';
import { closedPort } from '../helpers/tcp-servers.js';

const run = promisify(execFile);

export const SUFFIX = 'dc=example,dc=org';
export const ADMIN_DN = `cn=admin,${SUFFIX}`;

/** Debian's OpenLDAP slapd in a temp dir: mdb backend, ldap:// (with StartTLS) and ldaps:// on free ports. */
export interface PrivateSlapd {
  ldapPort: number;
  ldapsPort: number;
  adminPassword: string;
  stop(): Promise<void>;
}

/**
 * `people` persons under ou=people; the certificate serves both ldaps:// and StartTLS. Without
 * one, slapd has no TLS: no ldaps:// listener (ldapsPort is closed) and StartTLS is refused.
 */
export async function startSlapd(certificate: KeyAndCert | undefined, people: string[]): Promise<PrivateSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-slapd-'));
  mkdirSync(join(dir, 'db'));
  if (certificate) {
    writeFileSync(join(dir, 'key.pem'), certificate.key, { mode: 0o600 });
    writeFileSync(join(dir, 'cert.pem'), certificate.cert);
  }
  const tls = certificate ? [`TLSCertificateFile ${join(dir, 'cert.pem')}`, `TLSCertificateKeyFile ${join(dir, 'key.pem')}`] : [];
  const adminPassword = 'test-admin-secret';
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      ...tls,
      'database mdb',
      `suffix "${SUFFIX}"`,
      `rootdn "${ADMIN_DN}"`,
      `rootpw ${adminPassword}`,
      `directory ${join(dir, 'db')}`,
      'maxsize 10485760',
      '',
    ].join('\n'),
  );
  const [ldapPort, ldapsPort] = [await closedPort(), await closedPort()];
  const child = spawn(
    '/usr/sbin/slapd',
    [
      '-d',
      '0',
      '-h',
      certificate ? `ldap://127.0.0.1:${ldapPort}/ ldaps://127.0.0.1:${ldapsPort}/` : `ldap://127.0.0.1:${ldapPort}/`,
      '-f',
      join(dir, 'slapd.conf'),
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  await listening(child, ldapPort);
  writeFileSync(join(dir, 'data.ldif'), ldif(people));
  await run('ldapadd', ['-x', '-H', `ldap://127.0.0.1:${ldapPort}/`, '-D', ADMIN_DN, '-w', adminPassword, '-f', join(dir, 'data.ldif')]);
  return {
    ldapPort,
    ldapsPort,
    adminPassword,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function ldif(people: string[]): string {
  const entries = [
    [`dn: ${SUFFIX}`, 'objectClass: dcObject', 'objectClass: organization', 'o: Example', 'dc: example'],
    [`dn: ou=people,${SUFFIX}`, 'objectClass: organizationalUnit', 'ou: people'],
    ...people.map((uid) => [`dn: uid=${uid},ou=people,${SUFFIX}`, 'objectClass: inetOrgPerson', `uid: ${uid}`, `cn: ${uid}`, `sn: ${uid}`]),
  ];
  return `${entries.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** Polls the port (at most 10 s). */
async function listening(child: ChildProcess, port: number): Promise<void> {
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}: ${errors}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`slapd did not listen on ${port} within 10 s: ${errors}`);
}
