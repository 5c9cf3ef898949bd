import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '../../../test/helpers/dns-server.js';
import { Phases } from '../phases.js';
import type { CheckContext } from '../types.js';
import { dnsCheck } from './check.js';
import type { DnsSettings } from './schema.js';

const name = 'sstate-cache.example.org';
let server: DnsServer;
beforeAll(async () => {
  server = await startDnsServer({
    mode: 'answer',
    records: {
      [name]: {
        A: ['10.0.3.17', '10.0.3.18'],
        AAAA: ['2001:db8::17'],
        MX: [
          { preference: 10, exchange: 'mail.example.org' },
          { preference: 20, exchange: 'backup.example.org' },
        ],
        TXT: [['v=spf1 ', 'ip4:10.0.3.0/24 -all'], 'token=AbC'],
        NS: ['ns1.example.org', 'ns2.example.org'],
        SOA: [{ mname: 'ns1.example.org', rname: 'hostmaster.example.org', serial: 2024010101, refresh: 3600, retry: 600, expire: 86400, minimum: 60 }],
      },
      'cache.example.org': { CNAME: [name] },
      'web.example.org': { A: ['10.0.3.80'] },
    },
  });
});
afterAll(() => server.close());

function context(timeoutMs = 5000, signal = new AbortController().signal): CheckContext {
  return { signal, timeoutMs, phases: new Phases() };
}

function settings(extra: Partial<DnsSettings>): DnsSettings {
  return { query: name, record: 'A', resolver: server.address, ...extra };
}

describe('dns check', () => {
  const records: Array<[DnsSettings['record'], string, string[], string]> = [
    ['A', name, ['10.0.3.18', '10.0.3.17'], '10.0.3.17, 10.0.3.18'],
    ['AAAA', name, ['2001:DB8:0::17'], '2001:db8::17'],
    ['CNAME', 'cache.example.org', ['SSTATE-cache.example.org.'], name],
    ['MX', name, ['20 backup.example.org.', '10 mail.example.org'], '10 mail.example.org, 20 backup.example.org'],
    ['TXT', name, ['token=AbC', 'v=spf1 ip4:10.0.3.0/24 -all'], '"v=spf1 ip4:10.0.3.0/24 -all", "token=AbC"'],
    ['NS', name, ['ns2.example.org', 'ns1.example.org'], 'ns1.example.org, ns2.example.org'],
    ['SOA', name, ['ns1.example.org. hostmaster.example.org. 2024010101'], 'ns1.example.org hostmaster.example.org 2024010101'],
  ];
  it.each(records)('reads %s records and matches the expected values', async (record, query, values, shown) => {
    const result = await dnsCheck.run(settings({ query, record, expect: { values } }), context());
    expect(result).toMatchObject({ status: 'up', message: `${query} ${record} = ${shown} (via ${server.address})` });
    expect(result.timings.dns).toBeGreaterThanOrEqual(0);
  });

  it('follows a CNAME to the addresses behind it', async () => {
    const result = await dnsCheck.run(settings({ query: 'cache.example.org', expect: { values: ['10.0.3.17', '10.0.3.18'] } }), context());
    expect(result.status).toBe('up');
  });

  it('is up with any answer when nothing is expected', async () => {
    const result = await dnsCheck.run(settings({ record: 'NS' }), context());
    expect(result.status).toBe('up');
  });

  it('reports a wrong answer next to the expected one', async () => {
    const result = await dnsCheck.run(settings({ expect: { values: ['10.0.3.17'] } }), context());
    expect(result).toMatchObject({
      status: 'down',
      message: `${name} A answered 10.0.3.17, 10.0.3.18, expected 10.0.3.17 (via ${server.address})`,
    });
  });

  it('reports a name that does not exist', async () => {
    const result = await dnsCheck.run(settings({ query: 'nope.example.org' }), context());
    expect(result).toMatchObject({ status: 'down', message: `nope.example.org does not exist (NXDOMAIN) (via ${server.address})` });
  });

  it('reports a name without records of the asked type', async () => {
    const result = await dnsCheck.run(settings({ query: 'web.example.org', record: 'MX' }), context());
    expect(result).toMatchObject({ status: 'down', message: `web.example.org has no MX record (via ${server.address})` });
  });

  it('reports NXDOMAIN from a resolver that denies everything', async () => {
    const denying = await startDnsServer({ mode: 'nxdomain' });
    try {
      const result = await dnsCheck.run(settings({ resolver: denying.address }), context());
      expect(result).toMatchObject({ status: 'down', message: `${name} does not exist (NXDOMAIN) (via ${denying.address})` });
    } finally {
      await denying.close();
    }
  });

  it('reports SERVFAIL', async () => {
    const failing = await startDnsServer({ mode: 'servfail' });
    try {
      const result = await dnsCheck.run(settings({ resolver: failing.address }), context());
      expect(result).toMatchObject({ status: 'down', message: `the resolver answered SERVFAIL for ${name} (via ${failing.address})` });
    } finally {
      await failing.close();
    }
  });

  it('reports a resolver that never answers once its own timeout passes', async () => {
    const silent = await startDnsServer({ mode: 'silent' });
    try {
      const result = await dnsCheck.run(settings({ resolver: silent.address }), context(200));
      expect(result).toMatchObject({ status: 'down', message: `the resolver did not answer for ${name} (via ${silent.address})` });
    } finally {
      await silent.close();
    }
  });

  it('settles at once when aborted while a resolver hangs, leaving no query or timer behind', async () => {
    const silent = await startDnsServer({ mode: 'silent' });
    try {
      const timersBefore = countTimers();
      const controller = new AbortController();
      const ctx = context(60_000, controller.signal);
      const outcome = dnsCheck.run(settings({ resolver: silent.address }), ctx).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await until(() => silent.queries === 1);
      expect(ctx.phases.describe()).toBe(`while resolving ${name} A via ${silent.address}`);
      const abortedAt = performance.now();
      controller.abort(new Error('deadline'));
      expect(await outcome).toEqual(new Error('deadline'));
      expect(performance.now() - abortedAt).toBeLessThan(2000);
      expect(countTimers()).toBe(timersBefore);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(silent.queries).toBe(1); // cancelled for good: c-ares sends no retry
    } finally {
      await silent.close();
    }
  });

  it('refuses to run without a query name, naming who should have filled it', async () => {
    await expect(dnsCheck.run(settings({ query: undefined }), context())).rejects.toThrow(/settings\.query.*monitor name/);
  });
});

function countTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/** Waits for `condition`, at most 5 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
