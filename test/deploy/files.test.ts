/** The deploy files say what docs/deploy.md promises: checked by the tools that read them where present. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('the systemd unit', () => {
  it('passes systemd-analyze verify', (context) => {
    const probe = spawnSync('systemd-analyze', ['--version']);
    if (probe.error) context.skip(); // no systemd tools on this machine
    const run = spawnSync('systemd-analyze', ['verify', new URL('deploy/tocsin.service', root).pathname], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('is sandboxed and keeps its data in a state directory', () => {
    const unit = read('deploy/tocsin.service');
    for (const line of [
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'StateDirectory=tocsin',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'CapabilityBoundingSet=',
    ]) {
      expect(unit).toMatch(new RegExp(`^${line}$`, 'm'));
    }
    expect(unit).toMatch(/^ExecReload=\/bin\/kill -HUP \$MAINPID$/m);
  });
});

describe('the Dockerfile', () => {
  const file = read('Dockerfile');
  const final = file.slice(file.lastIndexOf('\nFROM '));

  it('builds in one stage and runs in another, as a non-root user, data in a volume, health on /livez', () => {
    expect(file.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(final).toMatch(/^USER node$/m);
    expect(final).not.toMatch(/g\+\+|make /);
    expect(final).toMatch(/^VOLUME \["\/var\/lib\/tocsin"\]$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n.*\/livez/m);
    expect(file).toMatch(/npm ci /);
  });

  it('ships a default config that validates and listens beyond the container', () => {
    const loaded = loadConfigText(read('deploy/docker/tocsin.yaml'), 'deploy/docker/tocsin.yaml', {});
    expect(loaded.ok).toBe(true);
    expect(loaded.ok && loaded.config.server.listen).toEqual({ host: '0.0.0.0', port: 8080 });
  });
});

describe('compose.yaml', () => {
  it('runs tocsin on PostgreSQL, after the database is healthy', () => {
    const compose = parse(read('compose.yaml')) as {
      services: Record<string, { image?: string; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }>;
    };
    expect(compose.services.db?.image).toMatch(/^postgres:/);
    expect(compose.services.tocsin?.environment?.TOCSIN_DATABASE_URL).toMatch(/^postgres:\/\/tocsin:\$\{POSTGRES_PASSWORD\}@db:5432\/tocsin$/);
    expect(compose.services.tocsin?.depends_on?.db?.condition).toBe('service_healthy');
  });
});
