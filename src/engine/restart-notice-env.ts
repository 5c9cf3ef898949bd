/**
 * What the supervisor hands a restarted engine in TOCSIN_RESTART: why, since when, how many times.
 * Apart from restart-notice.ts, which writes the alert through the outbox: the supervisor encodes
 * this and must not load the store to do it.
 */
export const RESTART_ENV = 'TOCSIN_RESTART';

export interface RestartNotice {
  /** Every reason since the last engine that came up, oldest first. */
  reasons: string[];
  /** When the engine stopped doing its job (its last heartbeat, last result, or its exit). */
  downSince: number;
  /** Restarts without a healthy minute between them. */
  restarts: number;
  /** Monitors running at two freezes in a row: the new engine quarantines them before it starts checking. */
  quarantine?: string[];
  /**
   * An engine already came back during this outage (a restart loop): it had the outage's one
   * downtime digest, so the next engine sends state changes as they happen and holds nothing back.
   */
  cameBack?: boolean;
}

export function encodeNotice(notice: RestartNotice): string {
  return JSON.stringify(notice);
}

/** Undefined for a first start; a garbled variable is ignored rather than fatal. */
export function decodeNotice(env: NodeJS.ProcessEnv): RestartNotice | undefined {
  const text = env[RESTART_ENV];
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<RestartNotice>;
    if (!Array.isArray(value.reasons) || typeof value.downSince !== 'number') return undefined;
    const notice: RestartNotice = { reasons: value.reasons.map(String), downSince: value.downSince, restarts: Number(value.restarts ?? 1) };
    if (Array.isArray(value.quarantine) && value.quarantine.length > 0) notice.quarantine = value.quarantine.map(String);
    if (value.cameBack === true) notice.cameBack = true;
    return notice;
  } catch {
    return undefined;
  }
}
