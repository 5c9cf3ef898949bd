/**
 * The CI jobs table on every dialect: a redelivered job replaces its row, windows are read exactly
 * at their edges, old jobs are pruned, and a ci check reads its window and its 7-day history from it.
 */
import { beforeEach, expect, it } from 'vitest';
import { ciCheck } from '../../src/checks/ci/check.js';
import { ciSettings } from '../../src/checks/ci/schema.js';
import type { CiJob } from '../../src/core/ci/job.js';
import { generateJobs, REGIONS } from '../../src/core/ci/testing/generate-day.js';
import { silentLogger } from '../../src/lib/logger.js';
import { CiJobIntake } from '../../src/services/ci-intake.js';
import { ciJobSource, ciJobsFinishedIn, countCiJobs, pruneCiJobs, upsertCiJobs } from '../../src/store/ci-jobs.js';
import { testContext } from '../helpers/check-context.js';
import { describeStore } from './dialects.js';

const DAY = 86_400_000;

const job = (id: string, finishedAt: number, extra: Partial<CiJob> = {}): CiJob => ({
  id,
  source: 'json',
  level: 'job',
  pipeline: 'web',
  job: 'test',
  runner: 'r1',
  labels: ['linux', 'aws-us-east-2'],
  outcome: 'success',
  reason: null,
  queuedAt: finishedAt - 60_000,
  startedAt: finishedAt - 30_000,
  finishedAt,
  url: null,
  ...extra,
});

describeStore('CI jobs', (store) => {
  beforeEach(async () => {
    await pruneCiJobs(store().db, Number.MAX_SAFE_INTEGER);
  });

  it('replaces a job delivered again under the same id', async () => {
    await upsertCiJobs(store().db, [job('json:a', 1000)], 5);
    await upsertCiJobs(store().db, [job('json:a', 2000, { outcome: 'infra', reason: 'runner_lost' })], 6);
    expect(await ciJobsFinishedIn(store().db, [{ from: 0, to: 5000 }], 'job', 10)).toEqual([job('json:a', 2000, { outcome: 'infra', reason: 'runner_lost' })]);
  });

  it('reads jobs finished after a range’s start and up to its end, of one level, from several ranges', async () => {
    await upsertCiJobs(
      store().db,
      [job('json:1', 100), job('json:2', 101), job('json:3', 200), job('json:4', 201), job('json:5', 150, { level: 'pipeline' }), job('json:6', 1_000)],
      1,
    );
    const read = await ciJobsFinishedIn(
      store().db,
      [
        { from: 100, to: 200 },
        { from: 900, to: 1000 },
      ],
      'job',
      10,
    );
    expect(read.map((j) => j.id)).toEqual(['json:2', 'json:3', 'json:6']);
    expect(await ciJobsFinishedIn(store().db, [{ from: 0, to: 1000 }], 'job', 2)).toHaveLength(2);
  });

  it('prunes jobs older than the retention when jobs arrive, at most once an hour', async () => {
    let now = 40 * DAY;
    const intake = new CiJobIntake({ db: store().db, clock: { now: () => now }, logger: silentLogger(), retention: () => 30 * DAY });
    await upsertCiJobs(store().db, [job('json:old', 5 * DAY), job('json:kept', 20 * DAY)], 0);
    await intake.receive([job('json:new', now)]);
    await intake.settled();
    expect(await countCiJobs(store().db)).toBe(2);
    now += 60_000;
    await upsertCiJobs(store().db, [job('json:old2', 5 * DAY)], 0);
    await intake.receive([]);
    await intake.settled();
    expect(await countCiJobs(store().db)).toBe(3);
  });

  it('feeds a ci check its window and the same window on the last 7 days', async () => {
    const start = Date.UTC(2026, 2, 2);
    const faultFrom = start + 7 * DAY + 14 * 3_600_000;
    const regions = REGIONS.filter((r) => r.label === 'hetzner-fsn1');
    const jobs = generateJobs({
      seed: 11,
      start,
      days: 8,
      regions,
      faults: [{ label: 'hetzner-fsn1', from: faultFrom, to: faultFrom + 3_600_000, infraRate: 0.4 }],
    });
    for (let i = 0; i < jobs.length; i += 2000) await upsertCiJobs(store().db, jobs.slice(i, i + 2000), 0);
    const settings = ciSettings.parse({ runner_label: 'hetzner-fsn1', window: '30m' });
    const run = (now: number) => ciCheck.run(settings, { ...testContext().ctx, ciJobs: ciJobSource(store().db, { now: () => now }, silentLogger()) });
    const before = await run(faultFrom);
    expect(before.status).toBe('up');
    const during = await run(faultFrom + 30 * 60_000);
    expect(during.status).toBe('down');
    expect(during.message).toMatch(/^CI jobs: \d+% of \d+ jobs failed in the last 30m, baseline [\d.]+% at this time of day over the last days/);
    expect(during.metrics).toMatchObject({ ci_departing_groups: 1 });
  });
});
