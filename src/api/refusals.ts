/**
 * Refusals worth knowing about: a body over its limit on any route, and anything an alert intake
 * refuses (Alertmanager gives up on a 4xx, so a refused delivery is a page nobody gets). Each is
 * counted by reason and route pattern, both closed sets, and logged at most once a minute per
 * reason and route with the number left unsaid meanwhile, so a flood of them cannot flood the log.
 */
import type { FastifyRequest } from 'fastify';

export interface RefusalCounter {
  refused(reason: string, route: string): void;
}

/** Routes where any refusal may cost a page. */
const INTAKE = /^\/api\/v1\/integrations\/|^\/ci\/intake\//;

const REASONS: Record<number, string> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

const LOG_EVERY = 60_000;

export class Refusals {
  private readonly said = new Map<string, { at: number; unsaid: number }>();

  constructor(
    private readonly logger: { warn(fields: object, message: string): void },
    private readonly counter: RefusalCounter | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts and logs a 4xx answer when it is one of the refusals above; others pass unnoticed. */
  note(request: FastifyRequest, status: number, message: string): void {
    const route = request.routeOptions.url ?? 'unmatched';
    if (status !== 413 && !INTAKE.test(route)) return;
    const reason = REASONS[status] ?? `status_${status}`;
    this.counter?.refused(reason, route);
    const key = `${reason} ${route}`;
    const now = this.now();
    const last = this.said.get(key);
    if (last && now - last.at < LOG_EVERY) {
      last.unsaid++;
      return;
    }
    const more = last?.unsaid ? ` (and ${last.unsaid} more like it in the last ${Math.round((now - last.at) / 1000)} s)` : '';
    this.said.set(key, { at: now, unsaid: 0 });
    this.logger.warn({ reason, route, status, remote: request.ip }, `refused ${request.method} ${route} from ${request.ip}: ${status} ${message}${more}`);
  }
}
