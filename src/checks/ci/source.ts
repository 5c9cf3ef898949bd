/** What a ci check reads: the jobs tocsin's CI intake stored. The store implements it; the engine hands it in. */
import type { CiJob, CiLevel } from '../../core/ci/job.js';

export interface CiJobSource {
  /** The engine's clock: the window ends now. */
  now(): number;
  /** Jobs of `level` finished in any of `ranges` (from exclusive, to inclusive), at most `limit`. */
  finishedIn(ranges: ReadonlyArray<{ from: number; to: number }>, level: CiLevel, limit: number): Promise<CiJob[]>;
}
