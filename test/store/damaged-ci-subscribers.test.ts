/**
 * The damaged-row rule (test/store/damaged-lists.test.ts) for CI jobs and status page subscribers: a
 * job whose labels do not decode is still read, without them and marked, by ci checks and the CI
 * chart, and logged once; a subscriber whose components do not decode is listed with none, marked and
 * logged, so publishing a post still tells everyone else. Reading one subscriber to change it still
 * refuses the damaged column.
 */
import { pino } from 'pino';
import { beforeEach, expect, it } from 'vitest';
import type { CiJob } from '../../src/core/ci/job.js';
import { ciSeries } from '../../src/services/ci-series.js';
import { publishPost } from '../../src/services/subscriptions.js';
import { openIncident } from '../../src/services/incidents.js';
import { ciJobSource, ciJobsFinishedIn, pruneCiJobs, upsertCiJobs } from '../../src/store/ci-jobs.js';
import { confirmedSubscribers, findSubscriber, insertSubscriber, messagesOf, type Subscriber } from '../../src/store/subscribers.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2026, 11, 1, 10);

function capture() {
  const logged: { msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
  return { logged, logger };
}

const job = (id: string, finishedAt: number, extra: Partial<CiJob> = {}): CiJob => ({
  id,
  source: 'json',
  level: 'job',
  pipeline: 'web',
  job: 'test',
  runner: 'r1',
  labels: ['linux'],
  outcome: 'failure',
  reason: null,
  queuedAt: null,
  startedAt: null,
  finishedAt,
  url: null,
  ...extra,
});

describeStore('damaged CI jobs and subscribers', (store) => {
  const ciTable = () => store().db.withTables<{ ci_jobs: { id: string; labels: string } }>();
  const subscriberTables = () => store().db.withTables<{ subscribers: { id: string; components: string | null }; subscriber_messages: { id: string } }>();

  beforeEach(async () => {
    await pruneCiJobs(store().db, Number.MAX_SAFE_INTEGER);
    await subscriberTables().deleteFrom('subscriber_messages').execute();
    await subscriberTables().deleteFrom('subscribers').execute();
    await store().db.withTables<{ incident_updates: { id: string }; incidents: { id: string } }>().deleteFrom('incident_updates').execute();
    await store().db.withTables<{ incidents: { id: string } }>().deleteFrom('incidents').execute();
  });

  it('reads a CI job whose labels do not decode without them, marked, beside intact jobs', async () => {
    await upsertCiJobs(store().db, [job('json:intact', 1000), job('json:damaged', 2000), job('json:object', 3000)], 1);
    await ciTable().updateTable('ci_jobs').set({ labels: '["linux",' }).where('id', '=', 'json:damaged').execute();
    await ciTable().updateTable('ci_jobs').set({ labels: '{"0":"linux"}' }).where('id', '=', 'json:object').execute();
    const read = await ciJobsFinishedIn(store().db, [{ from: 0, to: 5000 }], 'job', 10);
    expect(read).toEqual([
      job('json:intact', 1000),
      { ...job('json:damaged', 2000, { labels: [] }), damaged: [{ field: 'labels', problem: expect.stringMatching(/^not JSON /) }] },
      { ...job('json:object', 3000, { labels: [] }), damaged: [{ field: 'labels', problem: expect.stringMatching(/^invalid at \(root\)/) }] },
    ]);
  });

  it('a ci check’s job source logs a damaged job once, naming it and why, however often it is read', async () => {
    await upsertCiJobs(store().db, [job('json:intact', 1000), job('json:damaged', 2000)], 1);
    await ciTable().updateTable('ci_jobs').set({ labels: 'linux' }).where('id', '=', 'json:damaged').execute();
    const { logged, logger } = capture();
    const source = ciJobSource(store().db, { now: () => 5000 }, logger);
    for (let i = 0; i < 3; i++) expect((await source.finishedIn([{ from: 0, to: 5000 }], 'job', 10)).map((j) => j.labels)).toEqual([['linux'], []]);
    expect(logged).toEqual([
      expect.objectContaining({
        job: 'json:damaged',
        field: 'labels',
        msg: expect.stringMatching(/^CI job json:damaged: the stored labels cannot be read \(not JSON .*\); listed without its labels$/),
      }),
    ]);
  });

  it('the CI chart counts a damaged job without its labels, says so, and logs it', async () => {
    await upsertCiJobs(store().db, [job('json:intact', T0 + 1000), job('json:damaged', T0 + 2000)], 1);
    await ciTable().updateTable('ci_jobs').set({ labels: '' }).where('id', '=', 'json:damaged').execute();
    const { logged, logger } = capture();
    const { series, damaged } = await ciSeries(store().db, logger, {
      from: T0,
      to: T0 + 60_000,
      bucketMs: 60_000,
      level: 'job',
      groupBy: 'none',
      selector: {},
      maxGroups: 5,
    });
    expect(series.map((s) => s.points.map((p) => p.jobs))).toEqual([[2]]);
    expect(damaged).toEqual([{ job: 'json:damaged', field: 'labels', problem: expect.stringMatching(/^not JSON /) }]);
    expect(logged.map((l) => l.msg)).toEqual([expect.stringMatching(/^CI job json:damaged: the stored labels cannot be read/)]);
  });

  const subscriber = (id: string, components: string[] | null): Subscriber => ({
    id,
    page: 'main',
    kind: 'email',
    address: `${id}@example.org`,
    components,
    token: `token-${id}`,
    confirmedAt: T0,
    createdAt: T0 + Number(id.slice(1)),
  });

  it('lists confirmed subscribers past one whose components do not decode, marked; finding it to change it still refuses', async () => {
    await insertSubscriber(store().db, subscriber('s1', ['API']));
    await insertSubscriber(store().db, subscriber('s2', ['API']));
    await insertSubscriber(store().db, subscriber('s3', null));
    await subscriberTables().updateTable('subscribers').set({ components: '["API"' }).where('id', '=', 's2').execute();
    const listed = await confirmedSubscribers(store().db, 'main');
    expect(listed).toEqual([
      subscriber('s1', ['API']),
      { ...subscriber('s2', []), damaged: [{ field: 'components', problem: expect.stringMatching(/^not JSON /) }] },
      subscriber('s3', null),
    ]);
    await expect(findSubscriber(store().db, 'main', 'email', 's2@example.org')).rejects.toThrow('the stored subscriber s2 components cannot be read');
  });

  it('publishing a post still tells every other subscriber when one subscriber’s components are damaged, and logs it', async () => {
    await insertSubscriber(store().db, subscriber('s1', ['API']));
    await insertSubscriber(store().db, subscriber('s2', ['API']));
    await insertSubscriber(store().db, subscriber('s3', null));
    await subscriberTables().updateTable('subscribers').set({ components: '{}' }).where('id', '=', 's2').execute();
    const { logged, logger } = capture();
    const pages = [{ slug: 'main', title: 'Main', components: [{ name: 'API' }] }] as never;
    const post = await publishPost({ db: store().db, now: T0 + 10_000, pages, actor: { kind: 'cli', label: 'ana' }, action: 'incident.open', logger }, (ctx) =>
      openIncident(ctx, { page: 'main', title: 'API down', impact: 'major', components: ['API'], body: 'Looking into it.' }),
    );
    expect(post.title).toBe('API down');
    expect((await messagesOf(store().db, 's1')).length).toBe(1);
    expect((await messagesOf(store().db, 's3')).length).toBe(1);
    // Its choice of components cannot be read: only posts for the whole page reach it.
    expect(await messagesOf(store().db, 's2')).toEqual([]);
    expect(logged).toEqual([
      expect.objectContaining({
        subscriber: 's2',
        field: 'components',
        msg: 'subscriber s2: the stored components cannot be read (invalid at (root): Invalid input: expected array, received object); listed without its components',
      }),
    ]);
  });
});
