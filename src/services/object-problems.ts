/**
 * Objects that cannot be used — a maintenance window whose schedule throws when evaluated, an API
 * resource stored before its schema was tightened — are set aside so they stop nothing else, and
 * said once per change: logged, and a `tocsin.self` notice to the fallback channels through the
 * outbox. The notice's dedup key is stable per object and problem, so a restart does not repeat it.
 */
import { fnv1a } from '../core/schedule.js';
import type { Logger } from '../lib/logger.js';
import { outboxId, type OutboxInsert } from '../store/outbox.js';

export interface ObjectProblem {
  /** "maintenance window", "API channel" …: what a person would call it. */
  kind: string;
  id: string;
  problem: string;
}

/** Where the problem was found; each source replaces only its own list. */
export type ProblemSource = 'stored' | 'evaluated';

export class ObjectProblems {
  private readonly said = new Map<ProblemSource, Map<string, ObjectProblem>>();

  constructor(private readonly logger: Logger) {}

  /** The notices to enqueue for problems new (or changed) since `source` last reported; logs each change. */
  update(source: ProblemSource, problems: readonly ObjectProblem[], fallback: readonly string[], now: number): OutboxInsert[] {
    const before = this.said.get(source) ?? new Map<string, ObjectProblem>();
    const current = new Map(problems.map((p) => [`${p.kind} ${p.id}`, p]));
    const rows: OutboxInsert[] = [];
    for (const [key, p] of current) {
      if (before.get(key)?.problem === p.problem) continue;
      const message = `${p.kind} "${p.id}" is not in use: ${p.problem}; fix or delete it`;
      this.logger.error({ object: key }, `${message} (telling ${fallback.length} fallback channels)`);
      rows.push(...notices(p, message, fallback, now));
    }
    for (const [key, p] of before) if (!current.has(key)) this.logger.info({ object: key }, `${p.kind} "${p.id}" is in use again`);
    this.said.set(source, current);
    return rows;
  }
}

function notices(p: ObjectProblem, message: string, fallback: readonly string[], now: number): OutboxInsert[] {
  const at = new Date(now).toISOString();
  const dedupKey = `object/${p.kind}/${p.id}/${fnv1a(p.problem).toString(36)}`;
  return fallback.map((channel) => {
    const id = outboxId(now);
    return {
      id,
      dedupKey,
      channel,
      monitorId: 'tocsin',
      createdAt: now,
      notification: {
        id,
        event: 'tocsin.self',
        at,
        monitor: { id: 'tocsin', name: `tocsin ${p.kind} ${p.id}`, type: 'config', target: p.id },
        state: 'down',
        previous_state: 'up',
        since: at,
        message,
        dedup_key: dedupKey,
      },
    };
  });
}
