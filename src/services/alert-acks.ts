/**
 * Applies acknowledgements queued in the store (by `tocsin ack` and signed links) to the running
 * engine's alert states. A request is marked applied in the same transaction as the state it
 * changed; until that commits it is remembered here so the next poll does not apply it twice.
 */
import type { AlertWrite, ResultWriter } from '../engine/result-writer.js';
import { pendingAcks, type AckRequest } from '../store/alert-state.js';
import type { AuditActor, AuditEntry } from './audit.js';
import type { Db } from '../store/schema.js';
import { decideAck, encodeOutcome, type AckTarget } from './acknowledge.js';

/** The one audit row of an acknowledgement, naming who asked as the verb recorded them. */
function auditOf(request: AckRequest, now: number): AuditEntry {
  return {
    actor: actorOf(request),
    action: 'monitor.acknowledge',
    target: `monitor ${request.monitorId}`,
    after: { by: request.by, via: request.via, episode: request.episode },
    at: now,
  };
}

const KINDS: ReadonlySet<string> = new Set(['user', 'token', 'cli', 'system']);

/** The stored actor when it reads as one; rows queued before it was stored: the CLI by its user, a link by the name typed in. */
function actorOf(request: AckRequest): AuditActor {
  try {
    const parsed = JSON.parse(request.actor ?? 'null') as Partial<AuditActor> | null;
    if (parsed && typeof parsed.kind === 'string' && KINDS.has(parsed.kind) && typeof parsed.label === 'string') {
      return { kind: parsed.kind, label: parsed.label, ...(typeof parsed.id === 'string' && { id: parsed.id }) };
    }
  } catch {
    // Not JSON: fall back on what the row says about itself.
  }
  return request.via === 'cli' ? { kind: 'cli', label: request.by } : { kind: 'system', label: `${request.by} (${request.via})` };
}

export type Acknowledge = (request: AckRequest, now: number) => AlertWrite;

export class AckApplier {
  private readonly inFlight = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly writer: Pick<ResultWriter, 'addAlert' | 'flush'>,
    private readonly acknowledge: Acknowledge,
    private readonly lookup: (monitorId: string) => AckTarget | undefined,
    /** Cluster mode: requests for monitors another instance holds are left to it. */
    private readonly handles: (monitorId: string) => boolean = () => true,
  ) {}

  /** Serialised: the ticker and a link being clicked never apply the same request side by side. */
  applyQueued(now: number): Promise<void> {
    const run = this.chain.then(() => this.applyOnce(now));
    // One failed poll (the store briefly away) must not stop every later one.
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** For a link just clicked: apply now and wait for the commit, rather than for the next tick. */
  async applyNow(now: number): Promise<void> {
    await this.applyQueued(now);
    await this.writer.flush();
  }

  private async applyOnce(now: number): Promise<void> {
    const requests = await pendingAcks(this.db);
    const waiting = new Set(requests.map((r) => r.id));
    for (const id of this.inFlight) if (!waiting.has(id)) this.inFlight.delete(id);
    for (const request of requests) {
      if (this.inFlight.has(request.id) || !this.handles(request.monitorId)) continue;
      this.inFlight.add(request.id);
      this.writer.addAlert(this.apply(request, now));
    }
  }

  private apply(request: AckRequest, now: number): AlertWrite {
    const outcome = decideAck(this.lookup(request.monitorId), request);
    const applied = { id: request.id, appliedAt: now, outcome: encodeOutcome(outcome) };
    if (outcome.code !== 'acknowledged') return { acks: [applied] };
    return { ...this.acknowledge(request, now), acks: [applied], audit: [auditOf(request, now)] };
  }
}
