/**
 * The signed acknowledge link inside every notification: what it is about (without spending it,
 * for the confirmation page) and using it (once). Every refusal says why and what to do instead.
 */
import { verifyToken, type TokenClaims } from '../core/ack-token.js';
import type { AlertState } from '../core/alert/index.js';
import { formatDuration } from '../lib/duration.js';
import type { Clock } from '../lib/clock.js';
import { spentToken } from '../store/alert-state.js';
import { acknowledge, type AckOutcome, type ApplyDeps } from './acknowledge.js';

export interface LinkDeps extends ApplyDeps {
  clock: Clock;
  secret: string;
  monitor(id: string): { id: string; name: string; state: AlertState } | undefined;
  /** How long to wait for the engine's outcome before answering "queued". */
  waitMs?: number;
}

export type LinkAnswer =
  | { ok: true; monitor: { id: string; name: string }; state: AlertState; outcome?: AckOutcome }
  | { ok: false; status: 202 | 400 | 403 | 404 | 409 | 410; title: string; detail: string };

export function ackLinks(deps: LinkDeps) {
  return {
    async inspect(token: string): Promise<LinkAnswer> {
      const checked = await check(deps, token);
      if (!checked.ok) return checked;
      const spent = await spentToken(deps.db, checked.claims.id);
      if (spent) return used(spent, deps.clock.now());
      return { ok: true, monitor: checked.monitor, state: checked.monitor.state };
    },

    async use(token: string, by: string): Promise<LinkAnswer> {
      const checked = await check(deps, token);
      if (!checked.ok) return checked;
      const { claims, monitor } = checked;
      const now = deps.clock.now();
      // A link's holder is whoever they say they are: a system actor carrying the name typed in.
      const actor = { kind: 'system' as const, label: `${by} (link)` };
      const acked = await acknowledge(
        deps,
        { monitorId: claims.monitorId, by, actor, via: 'link', episode: claims.episode, tokenId: claims.id },
        now,
        deps.waitMs,
      );
      if (acked.spent) return used((await spentToken(deps.db, claims.id)) ?? { by: 'someone', at: now }, now);
      const { outcome } = acked;
      if (!outcome)
        return { ok: false, status: 202, title: 'Acknowledgement queued', detail: 'tocsin has not applied it yet; it will as soon as the engine runs.' };
      if (outcome.code === 'stale') return { ok: false, status: 409, title: 'This outage is over', detail: outcome.message };
      return { ok: true, monitor, state: deps.monitor(monitor.id)?.state ?? monitor.state, outcome };
    },
  };
}

type Checked = { ok: true; claims: TokenClaims; monitor: { id: string; name: string; state: AlertState } } | Extract<LinkAnswer, { ok: false }>;

async function check(deps: LinkDeps, token: string): Promise<Checked> {
  const verified = verifyToken(deps.secret, token, 'ack', deps.clock.now());
  if (!verified.ok) {
    switch (verified.problem) {
      case 'expired':
        return {
          ok: false,
          status: 410,
          title: 'This link has expired',
          detail: `It expired ${ago(deps.clock.now() - (verified.claims?.expiresAt ?? 0))} ago. Use the link in a later notification, or run \`tocsin ack ${verified.claims?.monitorId ?? '<monitor>'}\`.`,
        };
      case 'forged':
        return {
          ok: false,
          status: 403,
          title: 'This link is not valid',
          detail: 'It was not signed by this tocsin, or it was changed. Copy the whole link from the notification.',
        };
      case 'wrong_purpose':
        return { ok: false, status: 400, title: 'This is not an acknowledge link', detail: 'It was made for something else and cannot acknowledge an alert.' };
      case 'malformed':
        return {
          ok: false,
          status: 400,
          title: 'This link is incomplete',
          detail: 'Copy the whole link from the notification; some mail programs cut long links.',
        };
    }
  }
  const monitor = deps.monitor(verified.claims.monitorId);
  if (!monitor) return { ok: false, status: 404, title: 'Unknown monitor', detail: `No monitor "${verified.claims.monitorId}" is being checked any more.` };
  return { ok: true, claims: verified.claims, monitor };
}

function used(spent: { by: string; at: number }, now: number): LinkAnswer {
  return {
    ok: false,
    status: 410,
    title: 'This link was used already',
    detail: `${spent.by} used it ${ago(now - spent.at)} ago. Each acknowledge link works once.`,
  };
}

function ago(ms: number): string {
  return formatDuration(Math.max(1000, Math.round(ms / 1000) * 1000));
}
