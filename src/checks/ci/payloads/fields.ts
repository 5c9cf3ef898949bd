/**
 * Field schemas the CI payloads share: times in the shapes CI systems write them, and bounded text.
 * Vendors add fields over the years, so payload objects accept unknown keys and check only what
 * tocsin reads.
 */
import { z } from 'zod';
import type { CiJob } from '../../../core/ci/job.js';

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?\s?(?:Z|UTC|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 (GitHub, Buildkite), GitLab's "2026-03-01 12:00:00 UTC", or epoch milliseconds. */
export function timeOf(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (!ISO.test(value)) return undefined;
  const normal = value
    .replace(/\s?UTC$/, 'Z')
    .replace(' ', 'T')
    .replace(/\s/, '')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normal);
  return Number.isNaN(ms) ? undefined : ms;
}

export const time = () =>
  z.union([z.number(), z.string().max(40)]).transform((value, ctx) => {
    const ms = timeOf(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a time such as 2026-03-01T12:00:00Z or epoch milliseconds' });
      return z.NEVER;
    }
    return ms;
  });

export const text = (max = 500) => z.string().max(max);
export const name = () => z.string().min(1).max(500);
export const labelList = () => z.array(z.string().min(1).max(200)).max(50);
export const externalId = () => z.union([z.number().int(), z.string().min(1).max(200)]).transform(String);

/** What an intake makes of one delivery: a finished job, or why it keeps nothing (a job still running, a ping). */
export type Delivery = { kind: 'job'; job: CiJob } | { kind: 'ignored'; reason: string };

export const ignored = (reason: string): Delivery => ({ kind: 'ignored', reason });
