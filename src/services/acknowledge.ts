/**
 * Acknowledging a problem: one verb, `acknowledge`, called the same way by the REST API, the
 * signed link and `tocsin ack`. The request is queued in the store with who asked; the engine
 * applies it to the alert state and writes the outcome and the one audit row in the same
 * transaction as the state change, so an ack is never half applied nor audited twice. In the
 * engine's own process (API, link) it is applied at once; from another process (the CLI) the
 * engine picks it up on its next 1 s turn.
 */
import { randomUUID } from 'node:crypto';
import { isProblem, type AlertState } from '../core/alert/index.js';
import { ackOutcome, queueAck, type AckRequest } from '../store/alert-state.js';
import type { Db } from '../store/schema.js';
import type { AuditActor } from './audit.js';

export type AckCode = 'acknowledged' | 'already' | 'up' | 'stale' | 'unknown';

export interface AckOutcome {
  code: AckCode;
  /** For the person who asked: what happened and what it means. */
  message: string;
}

export interface AckInput {
  monitorId: string;
  /** The name people see ("acknowledged by …"). */
  by: string;
  /** Who asked, as the one audit row names them. */
  actor: AuditActor;
  /** Where it came from: "api", "cli", "link". */
  via: string;
  /** The episode the person saw (a link's); null acknowledges whatever is open when applied. */
  episode: number | null;
  /** A signed link's token id: a spent link stays spent. */
  tokenId: string | null;
}

export interface ApplyDeps {
  db: Db;
  /** The running engine's Alerting.acks.applyNow, when it runs in this process: applies queued requests and waits for the commit. */
  applyNow?(now: number): Promise<void>;
}

export type AckAnswer = { spent: true } | { spent: false; outcome: AckOutcome | undefined };

/**
 * The one way to acknowledge: queue, apply at once when the engine is in this process, return the
 * outcome. `spent` when the request's link token was used already; no outcome when no engine
 * settled it within `waitMs` (it stays queued and is applied when the engine runs).
 */
export async function acknowledge(deps: ApplyDeps, input: AckInput, now: number, waitMs = 5000): Promise<AckAnswer> {
  const id = randomUUID();
  const request: AckRequest = {
    id,
    monitorId: input.monitorId,
    by: input.by,
    via: input.via,
    episode: input.episode,
    tokenId: input.tokenId,
    requestedAt: now,
    actor: JSON.stringify(input.actor),
  };
  if (!(await queueAck(deps.db, request))) return { spent: true };
  await deps.applyNow?.(now);
  return { spent: false, outcome: await awaitAckOutcome(deps.db, id, waitMs) };
}

/** Waits for the engine to settle a request; undefined if no running engine did within `timeoutMs`. */
export async function awaitAckOutcome(db: Db, id: string, timeoutMs: number): Promise<AckOutcome | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const applied = await ackOutcome(db, id);
    if (applied) return decodeOutcome(applied.outcome);
    if (Date.now() >= until) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface AckTarget {
  id: string;
  name: string;
  state: AlertState;
}

/** The engine's decision for one request against the monitor's current alert state. Pure. */
export function decideAck(target: AckTarget | undefined, request: Pick<AckRequest, 'monitorId' | 'by' | 'episode'>): AckOutcome {
  if (!target) return { code: 'unknown', message: `no monitor "${request.monitorId}" is being checked` };
  const { id, name, state } = target;
  if (!isProblem(state.status)) return { code: 'up', message: `${name} is ${state.status}: there is nothing to acknowledge` };
  if (request.episode !== null && request.episode !== state.episode) {
    return {
      code: 'stale',
      message: `this link was sent about an earlier outage of ${name}, which is over; ${name} is ${state.status} again: use the link in the latest notification, or run \`tocsin ack ${id}\``,
    };
  }
  if (state.acknowledged) return { code: 'already', message: `${name} was already acknowledged by ${state.acknowledged.by}` };
  return { code: 'acknowledged', message: `${name} acknowledged by ${request.by}: escalation and reminders stop until it recovers` };
}

export function encodeOutcome(outcome: AckOutcome): string {
  return JSON.stringify(outcome);
}

export function decodeOutcome(text: string): AckOutcome {
  try {
    const parsed = JSON.parse(text) as Partial<AckOutcome>;
    if (typeof parsed.code === 'string' && typeof parsed.message === 'string') return { code: parsed.code, message: parsed.message };
  } catch {
    // Written by something else than this module: show it as it is.
  }
  return { code: 'unknown', message: text };
}
