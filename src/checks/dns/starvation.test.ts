import { promises as dns } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { startDnsServer } from '../../../test/helpers/dns-server.js';
import { startSilentListener } from '../../../test/helpers/tcp-servers.js';
import { Phases } from '../phases.js';
import { tcpCheck } from '../tcp/check.js';
import { dnsCheck } from './check.js';

// The reason checks never use dns.lookup: it blocks one of libuv's 4 pool
// threads per query, so a few hung lookups stall every other lookup, file read
// and TCP check by host name in the process. c-ares queries hold no thread.
it('200 DNS checks hung on a silent resolver delay neither TCP checks nor the thread pool', async () => {
  const silent = await startDnsServer({ mode: 'silent' });
  const listener = await startSilentListener();
  // One deadline per check, as the runner gives them.
  const deadlines = Array.from({ length: 200 }, () => new AbortController());
  try {
    let settled = 0;
    const hung = deadlines.map(({ signal }) =>
      dnsCheck
        .run({ query: 'sstate-cache.example.org', record: 'A', resolver: silent.address }, { signal, timeoutMs: 60_000, phases: new Phases() })
        .then(
          () => 'resolved',
          (error: unknown) => error,
        )
        .finally(() => (settled += 1)),
    );
    await until(() => silent.queries >= 200);

    const tcpStarted = performance.now();
    const tcp = await Promise.all(
      Array.from({ length: 20 }, () =>
        tcpCheck.run({ host: 'localhost', port: listener.port }, { signal: new AbortController().signal, timeoutMs: 5000, phases: new Phases() }),
      ),
    );
    const tcpMs = performance.now() - tcpStarted;
    expect(tcp.map((result) => result.status)).toEqual(Array(20).fill('up'));
    expect(tcpMs).toBeLessThan(2000);

    const poolStarted = performance.now();
    await Promise.all([dns.lookup('localhost'), ...Array.from({ length: 8 }, () => readFile('/etc/hosts'))]);
    expect(performance.now() - poolStarted).toBeLessThan(2000);

    expect(settled).toBe(0); // they really were hanging the whole time
    const abortedAt = performance.now();
    for (const deadline of deadlines) deadline.abort(new Error('deadline'));
    const outcomes = await Promise.all(hung);
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    expect(outcomes.filter((outcome) => outcome instanceof Error && outcome.message === 'deadline')).toHaveLength(200);
  } finally {
    for (const deadline of deadlines) deadline.abort();
    await Promise.all([silent.close(), listener.close()]);
  }
});

/** Waits for `condition`, at most 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
