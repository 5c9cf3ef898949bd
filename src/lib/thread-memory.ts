/**
 * Memory bounds of tocsin's helper threads (checks, result writes, uptime counts, housekeeping), each a
 * V8 heap of its own. Left to V8, a thread that allocates quickly grows its young generation to 48 MB:
 * at 1,667 checks a second the check thread held 49 MB for 8–16 MB of live objects, the result writer
 * 55 MB for 14 MB. A smaller young generation is collected more often, each time in a millisecond or
 * two, since little of it survives. The old generation's bound is far above what any of them keeps: a
 * thread past it ends (ERR_WORKER_OUT_OF_MEMORY), its work falls back to the engine's thread and a new
 * thread takes the next, instead of a leak growing the engine until the watchdog restarts it.
 */
import type { ResourceLimits } from 'node:worker_threads';

export const HELPER_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 256 };
