/**
 * Steps of the alerting pipeline whose latest attempt threw: one monitor's result ("result web"),
 * its tick ("tick web") or the tick itself ("tick"). A step that throws is set aside so the others
 * still run, logged once per change of its message, and listed for /healthz until it works again.
 */
import type { Logger } from '../lib/logger.js';

export class AlertFailures {
  private readonly failing = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** Runs `step`; false when it threw. */
  guard(what: string, step: () => void): boolean {
    try {
      step();
    } catch (error) {
      this.failed(what, error);
      return false;
    }
    this.succeeded(what);
    return true;
  }

  failed(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.failing.get(what) !== message) this.logger.error({ err: error }, `alerting failed (${what}): ${message}`);
    this.failing.set(what, message);
  }

  succeeded(what: string): void {
    if (this.failing.delete(what)) this.logger.info(`alerting works again (${what})`);
  }

  /** Forgets the steps of monitors no longer configured: they cannot work again. */
  keep(monitorIds: { has(id: string): boolean }): void {
    for (const what of this.failing.keys()) {
      const id = what.split(' ')[1];
      if (id !== undefined && !monitorIds.has(id)) this.failing.delete(what);
    }
  }

  list(): Array<{ what: string; error: string }> {
    return [...this.failing].map(([what, error]) => ({ what, error }));
  }
}
