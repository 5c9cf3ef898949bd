import { describe, expect, it } from 'vitest';
import { verifyToken } from '../core/ack-token.js';
import { parseConfig, resolveConfig } from '../schema/config.js';
import { linksFor, runbookLink } from './alert-links.js';

describe('runbookLink', () => {
  it.each([
    ['runbooks/db.md', 'https://tocsin.example.org/runbooks/db%2Fmain'],
    ['./runbooks/db.md', 'https://tocsin.example.org/runbooks/db%2Fmain'],
    ['/etc/passwd', 'https://tocsin.example.org/runbooks/db%2Fmain'],
    ['https://wiki.example.org/Runbooks/DB', 'https://wiki.example.org/Runbooks/DB'],
  ])('makes %s of monitor db/main into %s: the dashboard page, never the file path', (runbook, url) => {
    expect(runbookLink(runbook, 'db/main', 'https://tocsin.example.org')).toBe(url);
  });
});

describe('linksFor', () => {
  const parsed = parseConfig({
    monitors: [
      { id: 'web', type: 'http', url: 'https://web.example.org/', runbook: 'runbooks/web.md' },
      { id: 'db', type: 'tcp', host: 'db.internal', port: 5432 },
    ],
    status_pages: [{ slug: 'public', title: 'Example', components: [{ name: 'Site', monitors: ['web'] }] }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const config = resolveConfig(parsed.value);
  const settings = { baseUrl: 'https://tocsin.example.org/', secret: 's3cret', ttlMs: 60_000 };

  it('links the runbook, the first status page that shows the monitor, and a signed ack link for one episode', () => {
    const links = linksFor(config.monitors[0]!, config, settings, 1_000_000);
    expect(links.runbookUrl).toBe('https://tocsin.example.org/runbooks/web');
    expect(links.statusPageUrl).toBe('https://tocsin.example.org/status/public');
    const ack = links.ackUrl(7);
    expect(ack).toMatch(/^https:\/\/tocsin\.example\.org\/ack\/[\w-]+\.[\w-]+$/);
    const verified = verifyToken('s3cret', ack.split('/ack/')[1]!, 'ack', 1_000_000);
    expect(verified).toMatchObject({ ok: true, claims: { monitorId: 'web', episode: 7, expiresAt: 1_060_000 } });
    expect(links.ackUrl(7)).not.toBe(ack);
  });

  it('leaves out what the monitor does not have', () => {
    const links = linksFor(config.monitors[1]!, config, settings, 0);
    expect(links.runbookUrl).toBeUndefined();
    expect(links.statusPageUrl).toBeUndefined();
  });
});
