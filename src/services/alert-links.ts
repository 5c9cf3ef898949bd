/**
 * The links a notification carries: the runbook (a URL as written, or the dashboard's page of a
 * Markdown runbook, /runbooks/<monitor>, where it is rendered for a signed-in person), a
 * signed acknowledge link, and the first status page that shows the monitor.
 */
import { randomBytes } from 'node:crypto';
import { signToken } from '../core/ack-token.js';
import type { Config, MonitorConfig } from '../schema/config.js';

/** Long enough to act on a page that arrived overnight; reminders and escalations carry fresh links. */
export const ACK_LINK_TTL_MS = 72 * 3_600_000;

export interface LinkSettings {
  /** server.public_url, or the address tocsin listens on when none is configured. */
  baseUrl: string;
  secret: string;
  ttlMs?: number;
}

export interface MonitorLinks {
  runbookUrl?: string;
  statusPageUrl?: string;
  ackUrl(episode: number): string;
}

export function linksFor(monitor: MonitorConfig, config: Pick<Config, 'status_pages'>, settings: LinkSettings, now: number): MonitorLinks {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const runbookUrl = monitor.runbook === undefined ? undefined : runbookLink(monitor.runbook, monitor.id, base);
  const page = config.status_pages.find((p) => p.components.some((c) => c.monitors.includes(monitor.id)));
  const ttl = settings.ttlMs ?? ACK_LINK_TTL_MS;
  return {
    ...(runbookUrl !== undefined && { runbookUrl }),
    ...(page && { statusPageUrl: `${base}/status/${encodeURIComponent(page.slug)}` }),
    ackUrl: (episode) => {
      const id = randomBytes(9).toString('base64url');
      return `${base}/ack/${signToken(settings.secret, { purpose: 'ack', monitorId: monitor.id, episode, expiresAt: now + ttl, id })}`;
    },
  };
}

/** A full URL stays as written; a file ("runbooks/db.md" of monitor db) → "<base>/runbooks/db", the dashboard's page of it. */
export function runbookLink(runbook: string, monitorId: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(runbook)) return runbook;
  return `${base}/runbooks/${encodeURIComponent(monitorId)}`;
}
