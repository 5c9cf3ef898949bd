/** What the API routes need from the running tocsin, built once in the composition root. */
import type { AlertState } from '../../core/alert/index.js';
import type { Clock } from '../../lib/clock.js';
import type { Config, MonitorConfig } from '../../schema/config.js';
import type { InboundAlerts } from '../../services/inbound-alerts.js';
import type { Db } from '../../store/schema.js';
import type { EventHub } from './events.js';

export interface ApiDeps {
  db: Db;
  clock: Clock;
  config(): Config;
  /** Every monitor being checked now: the config's and the API's. */
  monitors(): readonly MonitorConfig[];
  alertState(monitorId: string): AlertState | undefined;
  /** Re-applies config and API monitors to the engine after an API change. */
  onMonitorsChanged(): Promise<void>;
  events: EventHub;
  inbound: InboundAlerts;
}
