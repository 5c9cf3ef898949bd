/** The list of response incidents, as the API and the CLI read it: a damaged row is listed with the part left out, and logged. */
import type { ResponseIncident } from '../core/incident/types.js';
import { listIncidents, type IncidentQuery } from '../store/response-incidents.js';
import type { Db } from '../store/schema.js';
import { logDamaged } from '../store/stored-json.js';

export async function listResponseIncidents(db: Db, logger: Parameters<typeof logDamaged>[0], query: IncidentQuery): Promise<ResponseIncident[]> {
  const incidents = await listIncidents(db, query);
  logDamaged(logger, 'response incident', incidents);
  return incidents;
}
