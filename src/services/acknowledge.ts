/**
 * Acknowledging a problem: the one writer behind `tocsin ack`, the signed link and the running
 * engine. Requests are queued in the store; the engine applies them to the alert state (and writes
 * the outcome) in the same transaction as the state change, so an ack is never half applied.
 */
import { randomUUID } from 'node:crypto';
import { isProblem, type AlertState } from '../core/alert/index.js';
import { ackOutcome, queueAck, type AckRequest } from '../store/alert-state.js';
import type { Db } from '../store/schema.js';

export type AckCode = 'acknowledged' | 'already' | 'up' | 'stale' | 'unknown';

export interface AckOutcome {
  code: AckCode;
  /** For the person who asked: what happened and what it means. */
  message: string;
}

export type NewAckRequest = Pick<AckRequest, 'monitorId' | 'by' | 'via' | 'episode' | 'tokenId'>;

/** Queues a request; undefined when its link token was spent already. */
export async function requestAck(db: Db, request: NewAckRequest, now: number): Promise<string | undefined> {
  const id = randomUUID();
  return (await queueAck(db, { ...request, id, requestedAt: now })) ? id : undefined;
}

export interface ApplyDeps {
  db: Db;
  /** The running engine's Alerting.acks.applyNow: applies queued requests and waits for the commit. */
  applyNow(now: number): Promise<void>;
}

/**
 * For writers in the engine's own process (the signed link, the REST API): queue, apply at once,
 * return the outcome. `spent` when the request's link token was used already; no outcome when
 * the engine did not settle it within `waitMs` (it stays queued).
 */
export async function acknowledgeNow(
  deps: ApplyDeps,
  request: NewAckRequest,
  now: number,
  waitMs = 5000,
): Promise<{ spent: true } | { spent: false; outcome: AckOutcome | undefined }> {
  const id = await requestAck(deps.db, request, now);
  if (id === undefined) return { spent: true };
  await deps.applyNow(now);
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
