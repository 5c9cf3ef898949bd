/**
 * Every migration, listed statically: the code runs from dist/, where scanning a folder for .ts files
 * would find nothing. Append new ones with the next number; never rename or edit an applied one.
 * Each module is imported only when its migration runs: an engine on an up-to-date store loads none.
 */
import type { Kysely, Migration } from 'kysely';

interface MigrationModule {
  up(db: Kysely<unknown>): Promise<void>;
  down(db: Kysely<unknown>): Promise<void>;
}

function onRun(load: () => Promise<MigrationModule>): Migration {
  return { up: async (db) => (await load()).up(db), down: async (db) => (await load()).down(db) };
}

export const migrations: Record<string, Migration> = {
  '0001_initial': onRun(() => import('./0001_initial.js')),
  '0002_heartbeats': onRun(() => import('./0002_heartbeats.js')),
  '0003_outbox': onRun(() => import('./0003_outbox.js')),
  '0004_alert_state': onRun(() => import('./0004_alert_state.js')),
  '0005_status': onRun(() => import('./0005_status.js')),
  '0006_auth': onRun(() => import('./0006_auth.js')),
  '0007_api_resources': onRun(() => import('./0007_api_resources.js')),
  '0008_api_status_pages': onRun(() => import('./0008_api_status_pages.js')),
  '0009_states': onRun(() => import('./0009_states.js')),
  '0010_instances': onRun(() => import('./0010_instances.js')),
  '0011_sign_in_throttle': onRun(() => import('./0011_sign_in_throttle.js')),
  '0012_heartbeat_log_budget': onRun(() => import('./0012_heartbeat_log_budget.js')),
  '0016_probe_safety': onRun(() => import('./0016_probe_safety.js')),
  '0018_heartbeat_state': onRun(() => import('./0018_heartbeat_state.js')),
  '0019_alert_state_version': onRun(() => import('./0019_alert_state_version.js')),
  '0020_state_fillfactor': onRun(() => import('./0020_state_fillfactor.js')),
  '0023_config_objects': onRun(() => import('./0023_config_objects.js')),
  '0024_compact_results': onRun(() => import('./0024_compact_results.js')),
  '0025_minute_rollups': onRun(() => import('./0025_minute_rollups.js')),
  '0026_compact_rollups': onRun(() => import('./0026_compact_rollups.js')),
  '0027_oncall_overrides': onRun(() => import('./0027_oncall_overrides.js')),
  '0028_response_incidents': onRun(() => import('./0028_response_incidents.js')),
  '0029_action_items': onRun(() => import('./0029_action_items.js')),
  '0030_ci_jobs': onRun(() => import('./0030_ci_jobs.js')),
  '0031_monitor_definition_version': onRun(() => import('./0031_monitor_definition_version.js')),
  '0032_monitor_leases': onRun(() => import('./0032_monitor_leases.js')),
  '0034_probe_agents': onRun(() => import('./0034_probe_agents.js')),
  '0035_postgres_storage': onRun(() => import('./0035_postgres_storage.js')),
  '0037_api_resource_version': onRun(() => import('./0037_api_resource_version.js')),
  '0038_location_rows': onRun(() => import('./0038_location_rows.js')),
  '0039_packed_rollups': onRun(() => import('./0039_packed_rollups.js')),
  '0040_location_state_at': onRun(() => import('./0040_location_state_at.js')),
  '0041_audit_log_target': onRun(() => import('./0041_audit_log_target.js')),
};
