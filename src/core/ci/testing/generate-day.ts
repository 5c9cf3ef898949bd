/**
 * A realistic day of CI jobs, seeded: several runner regions with their own volumes and base failure
 * rates, a daily traffic curve (busy office hours, quiet nights), flaky tests, slow queues now and
 * then, and optionally one region that starts failing at a given time. Tests replay it through the
 * statistics, the store and the intake.
 */
import type { CiJob, CiOutcome } from '../job.js';

export interface Region {
  label: string;
  /** Jobs per hour at the busiest hour. */
  peakPerHour: number;
  /** Failures of the jobs themselves (tests, flaky tests): 0.04 is 4%. */
  failureRate: number;
  /** Timeouts and lost runners on a normal day. */
  infraRate: number;
}

export interface Fault {
  label: string;
  from: number;
  to: number;
  /** Share of the region's jobs that fail while the fault lasts, on top of the usual ones. */
  infraRate: number;
}

export const REGIONS: Region[] = [
  { label: 'aws-us-east-2', peakPerHour: 420, failureRate: 0.04, infraRate: 0.004 },
  { label: 'aws-eu-west-1', peakPerHour: 300, failureRate: 0.035, infraRate: 0.004 },
  { label: 'gcp-europe-west4', peakPerHour: 180, failureRate: 0.05, infraRate: 0.006 },
  { label: 'hetzner-fsn1', peakPerHour: 60, failureRate: 0.045, infraRate: 0.01 },
];

const PIPELINES = ['web', 'api', 'mobile', 'infra', 'docs'];
const JOBS = ['build', 'unit', 'integration', 'lint', 'e2e'];

/** mulberry32: small, fast, and the same numbers for the same seed on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Traffic by hour of day (UTC): a trough at night, a peak in the afternoon. */
function load(hour: number): number {
  return 0.15 + 0.85 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
}

/** Every job finishing between `start` and `start + days`. */
export function generateJobs(options: { seed: number; start: number; days?: number; regions?: Region[]; faults?: Fault[] }): CiJob[] {
  const random = seeded(options.seed);
  const regions = options.regions ?? REGIONS;
  const days = options.days ?? 1;
  const jobs: CiJob[] = [];
  let serial = 0;
  for (let hour = 0; hour < days * 24; hour += 1) {
    const hourStart = options.start + hour * 3_600_000;
    for (const region of regions) {
      const expected = region.peakPerHour * load(hour % 24);
      const n = Math.round(expected * (0.85 + 0.3 * random()));
      for (let i = 0; i < n; i += 1) {
        const finishedAt = hourStart + Math.floor(random() * 3_600_000);
        const fault = options.faults?.find((f) => f.label === region.label && finishedAt >= f.from && finishedAt < f.to);
        const outcome = outcomeOf(random(), region, fault);
        const duration = Math.round(60_000 + random() * random() * 1_200_000);
        // Queues are short but now and then a burst waits minutes.
        const queue = Math.round(random() < 0.95 ? random() * 20_000 : 60_000 + random() * 300_000);
        const pipeline = PIPELINES[Math.floor(random() * PIPELINES.length)]!;
        const job = JOBS[Math.floor(random() * JOBS.length)]!;
        serial += 1;
        jobs.push({
          id: `json:${serial}`,
          source: 'json',
          level: 'job',
          pipeline,
          job,
          runner: `${region.label}-runner-${Math.floor(random() * 12)}`,
          labels: ['self-hosted', 'linux', region.label],
          outcome,
          reason: outcome === 'infra' ? 'runner_lost' : null,
          queuedAt: finishedAt - duration - queue,
          startedAt: finishedAt - duration,
          finishedAt,
          url: null,
        });
      }
    }
  }
  return jobs.sort((a, b) => a.finishedAt - b.finishedAt);
}

function outcomeOf(roll: number, region: Region, fault: Fault | undefined): CiOutcome {
  const infra = region.infraRate + (fault?.infraRate ?? 0);
  if (roll < infra) return 'infra';
  if (roll < infra + region.failureRate) return 'failure';
  // A few jobs are cancelled by people (a newer push) or skipped: they must not count.
  if (roll > 0.99) return 'cancelled';
  if (roll > 0.985) return 'skipped';
  return 'success';
}
