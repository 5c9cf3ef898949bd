/**
 * Whether tocsin is doing its job, as /healthz reports it. Pure: the caller
 * gathers the figures; this decides. "The port answers" is not health — the
 * Gluster monitor passed that test while checking nothing for two weeks.
 */
export interface HealthInputs {
  now: number;
  /** When the engine started (grace before the first results are expected). */
  startedAt: number;
  /** Polled monitors currently scheduled. */
  scheduled: number;
  /** The shortest interval + timeout among scheduled monitors: a result is due at least this often. */
  resultEvery: number;
  lastResultAt: number | undefined;
  lagP99: number;
  /** Results and states are reaching the store. */
  lastWriteOkAt: number | undefined;
  lastWriteError: string | undefined;
  pendingWrites: number;
  /** How long a silence counts as a stall (watchdog.stall_after). */
  stallAfter: number;
  /** Notification delivery; absent when no delivery worker runs. */
  outbox?: OutboxHealth;
  /** Steps of the alerting pipeline whose latest attempt threw ("result web", "tick"); absent when not wired. */
  alerting?: Array<{ what: string; error: string }>;
}

export interface OutboxHealth {
  /** Notifications neither delivered nor given up. */
  pending: number;
  oldestUndeliveredAt: number | undefined;
  /** Channels whose latest attempts fail, and since when. */
  failing: Array<{ channel: string; failingSince: number | null; lastError: string | null }>;
  /** A channel failing this long, or a notification waiting this long, is unhealthy. */
  failingAfterMs: number;
}

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Health {
  healthy: boolean;
  checks: HealthCheck[];
}

export function assessHealth(h: HealthInputs): Health {
  const checks = [
    checksRunning(h),
    scheduleLag(h),
    storeWrites(h),
    ...(h.outbox ? [notifications(h.now, h.outbox)] : []),
    ...(h.alerting ? [alerting(h.alerting)] : []),
  ];
  return { healthy: checks.every((c) => c.ok), checks };
}

function checksRunning(h: HealthInputs): HealthCheck {
  const name = 'checks_running';
  if (h.scheduled === 0) return { name, ok: true, detail: 'no polled monitors scheduled' };
  const allowed = h.resultEvery + h.stallAfter;
  const since = h.lastResultAt ?? h.startedAt;
  const silent = h.now - since;
  if (silent <= allowed) return { name, ok: true, detail: `last result ${seconds(silent)} ago` };
  const what = h.lastResultAt === undefined ? 'no check has completed since start' : `no check has completed for ${seconds(silent)}`;
  return { name, ok: false, detail: `${what}; ${h.scheduled} monitors are due at least every ${seconds(h.resultEvery)}` };
}

function scheduleLag(h: HealthInputs): HealthCheck {
  const ok = h.lagP99 <= h.stallAfter;
  const detail = `schedule lag p99 ${Math.round(h.lagP99)} ms${ok ? '' : `, above ${seconds(h.stallAfter)}`}`;
  return { name: 'schedule_lag', ok, detail };
}

function storeWrites(h: HealthInputs): HealthCheck {
  const name = 'store_writes';
  if (h.lastWriteError) return { name, ok: false, detail: `writing results failed: ${h.lastWriteError}; ${h.pendingWrites} results waiting` };
  if (h.pendingWrites > 0 && h.lastWriteOkAt !== undefined && h.now - h.lastWriteOkAt > h.stallAfter) {
    return { name, ok: false, detail: `no successful write for ${seconds(h.now - h.lastWriteOkAt)}; ${h.pendingWrites} results waiting` };
  }
  return { name, ok: true, detail: `${h.pendingWrites} results waiting to be written` };
}

/** "Notifications flow": no channel failing past the threshold, no notification waiting past it. */
function notifications(now: number, o: OutboxHealth): HealthCheck {
  const name = 'notifications';
  const failing = o.failing.filter((f) => f.failingSince !== null && now - f.failingSince >= o.failingAfterMs);
  if (failing.length > 0) {
    const detail = failing.map(
      (f) => `notifications to ${f.channel} have failed for ${seconds(now - (f.failingSince ?? now))}: ${f.lastError ?? 'unknown error'}`,
    );
    return { name, ok: false, detail: `${detail.join('; ')}; ${o.pending} notifications waiting` };
  }
  const age = o.oldestUndeliveredAt === undefined ? 0 : now - o.oldestUndeliveredAt;
  if (age >= o.failingAfterMs) return { name, ok: false, detail: `the oldest undelivered notification is ${seconds(age)} old; ${o.pending} waiting` };
  const trouble = o.failing.length > 0 ? `; retrying ${o.failing.map((f) => f.channel).join(', ')}` : '';
  return { name, ok: true, detail: `${o.pending} notifications waiting${o.pending > 0 ? `, the oldest ${seconds(age)} old` : ''}${trouble}` };
}

/** A result that cannot be judged may be a page that never goes out: that is not healthy, however well checks run. */
function alerting(failing: NonNullable<HealthInputs['alerting']>): HealthCheck {
  const name = 'alerting';
  if (failing.length === 0) return { name, ok: true, detail: 'every result and tick was judged' };
  const shown = failing.slice(0, 5).map((f) => `${f.what}: ${f.error}`);
  const more = failing.length > shown.length ? `; and ${failing.length - shown.length} more` : '';
  return { name, ok: false, detail: `alerting failed for ${shown.join('; ')}${more}` };
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
