/** What the API routes need from the running tocsin, built once in the composition root. */
import type { OwnDatabase } from '../../checks/db/own-database.js';
import type { AlertState } from '../../core/alert/index.js';
import type { LocationView } from '../../core/locations/quorum.js';
import type { Clock } from '../../lib/clock.js';
import type { Config, MonitorConfig } from '../../schema/config.js';
import type { StoredApiResource } from '../../services/api-resources.js';
import type { ConfigSync } from '../../services/config-sync-view.js';
import type { InboundAlerts } from '../../services/inbound-alerts.js';
import type { Db } from '../../store/schema.js';
import type { EventHub } from './events.js';

export interface ApiDeps {
  db: Db;
  clock: Clock;
  /** The running config: tocsin.yaml with the API's channels, policies and windows merged in. */
  config(): Config;
  /** tocsin.yaml alone: the ids it names are read-only through the API. */
  fileConfig(): Config;
  /** Every monitor being checked now: the config's and the API's. */
  monitors(): readonly MonitorConfig[];
  alertState(monitorId: string): AlertState | undefined;
  /** Each location's own latest result, for a monitor of several locations (probe agents). */
  locationStates?(monitorId: string): LocationView[] | undefined;
  /** Applies queued acknowledgements in the running engine now and waits for the commit. */
  applyAcks?(now: number): Promise<void>;
  /** Re-applies config and API monitors to the engine after an API change. */
  onMonitorsChanged(): Promise<void>;
  /** Re-merges the API's channels, policies and windows into the running config: `resources` when given, else the store's. */
  onResourcesChanged(resources?: readonly StoredApiResource[]): Promise<void>;
  events: EventHub;
  inbound: InboundAlerts;
  /** tocsin's own store, which "test now" refuses to probe as the engine does. */
  ownDatabase?: OwnDatabase;
  /** This instance's name, for GET /api/v1/instances. */
  instanceName?: string;
  /** The config file's plan and reload; absent when tocsin runs without a file (tests mounting the routes). */
  configSync?: ConfigSync;
  /** Response incidents: the engine's open incidents re-read after a change by hand, where the template path is relative to, posts published. */
  incidents?: { refresh(): Promise<void>; templateDir: string; onPost?(post: { page: string }): void };
}
