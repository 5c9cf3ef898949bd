/**
 * Every migration, listed statically: the code runs from dist/, where scanning a folder for .ts files
 * would find nothing. Append new ones with the next number; never rename or edit an applied one.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_heartbeats.js';
import * as m0003 from './0003_outbox.js';
import * as m0004 from './0004_alert_state.js';
import * as m0005 from './0005_status.js';
import * as m0006 from './0006_auth.js';
import * as m0007 from './0007_api_resources.js';
import * as m0008 from './0008_api_status_pages.js';
import * as m0009 from './0009_states.js';
import * as m0010 from './0010_instances.js';
import * as m0011 from './0011_sign_in_throttle.js';
import * as m0012 from './0012_heartbeat_log_budget.js';
import * as m0016 from './0016_probe_safety.js';
import * as m0018 from './0018_heartbeat_state.js';
import * as m0019 from './0019_alert_state_version.js';
import * as m0020 from './0020_state_fillfactor.js';
import * as m0023 from './0023_config_objects.js';
import * as m0024 from './0024_compact_results.js';
import * as m0025 from './0025_minute_rollups.js';
import * as m0026 from './0026_compact_rollups.js';
import * as m0027 from './0027_oncall_overrides.js';
import * as m0028 from './0028_response_incidents.js';
import * as m0029 from './0029_action_items.js';
import * as m0030 from './0030_ci_jobs.js';
import * as m0031 from './0031_monitor_definition_version.js';
import * as m0032 from './0032_monitor_leases.js';
import * as m0034 from './0034_probe_agents.js';
import * as m0035 from './0035_postgres_storage.js';
import * as m0037 from './0037_api_resource_version.js';
import * as m0038 from './0038_location_rows.js';
import * as m0039 from './0039_packed_rollups.js';
import * as m0040 from './0040_location_state_at.js';
import * as m0041 from './0041_audit_log_target.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_heartbeats': m0002,
  '0003_outbox': m0003,
  '0004_alert_state': m0004,
  '0005_status': m0005,
  '0006_auth': m0006,
  '0007_api_resources': m0007,
  '0008_api_status_pages': m0008,
  '0009_states': m0009,
  '0010_instances': m0010,
  '0011_sign_in_throttle': m0011,
  '0012_heartbeat_log_budget': m0012,
  '0016_probe_safety': m0016,
  '0018_heartbeat_state': m0018,
  '0019_alert_state_version': m0019,
  '0020_state_fillfactor': m0020,
  '0023_config_objects': m0023,
  '0024_compact_results': m0024,
  '0025_minute_rollups': m0025,
  '0026_compact_rollups': m0026,
  '0027_oncall_overrides': m0027,
  '0028_response_incidents': m0028,
  '0029_action_items': m0029,
  '0030_ci_jobs': m0030,
  '0031_monitor_definition_version': m0031,
  '0032_monitor_leases': m0032,
  '0034_probe_agents': m0034,
  '0035_postgres_storage': m0035,
  '0037_api_resource_version': m0037,
  '0038_location_rows': m0038,
  '0039_packed_rollups': m0039,
  '0040_location_state_at': m0040,
  '0041_audit_log_target': m0041,
};
