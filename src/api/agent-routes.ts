/**
 * The probe agents' side of tocsin, outside /api/ (agents carry their own token, not a person's):
 *
 *   GET  /agent/v1/monitors?version=…   long poll: the monitors of the token's location, once they
 *                                        differ from `version` or after poll_ms
 *   POST /agent/v1/results               up to 500 results, oldest first, each with its real start time
 *
 * Every call counts as the agent's contact (a missing agent is an alert). Results are bounded: a
 * batch size, a body size, and times neither ahead of the server's clock nor older than the
 * agents' buffer horizon.
 */
import type { FastifyInstance } from 'fastify';
import type { RecordedResult } from '../engine/engine.js';
import type { Clock } from '../lib/clock.js';
import { TocsinError } from '../lib/errors.js';
import { agentDefinitionsResponse, agentPollQuery, agentResultsBody, agentResultsResponse } from '../schema/api-agents.js';
import type { AgentDefinitions } from '../engine/agent-definitions.js';
import { authenticateAgent } from '../services/agent-tokens.js';
import type { Db } from '../store/schema.js';
import type { OtherRouteDoc } from './routes/openapi-routes.js';
import { answers, parseInput } from './routes/route.js';

/** A replayed result older than this is refused: the agent's buffer keeps no more (BUFFER_HORIZON_MS in cli/agent). */
export const AGENT_HORIZON_MS = 7 * 24 * 3_600_000;
/** Clocks disagree a little; a result further ahead than this is refused. */
const MAX_AHEAD_MS = 60_000;
export const AGENT_BODY_LIMIT = 1024 * 1024;

export interface AgentRouteDeps {
  db: Db;
  clock: Clock;
  definitions: AgentDefinitions;
  contact(location: string, at: number): void;
  accept(recorded: RecordedResult): void;
}

const noToken = 'No agent token, or one unknown or revoked';

/** For the OpenAPI document, with the schemas the routes parse and answer with. */
export const AGENT_ROUTE_DOCS: Record<string, OtherRouteDoc> = {
  'GET /agent/v1/monitors': {
    summary:
      "Long poll for the monitors of the agent token's location: answers at once when they differ from `version`, else when they change or after poll_ms",
    tag: 'agents',
    access: 'agent',
    query: agentPollQuery,
    responses: { 200: answers('The definitions the agent runs, and their version', agentDefinitionsResponse), 401: noToken },
  },
  'POST /agent/v1/results': {
    summary: 'Results of the agent’s checks, oldest first, each with the time it started (1 to 500, at most 1 MiB)',
    tag: 'agents',
    access: 'agent',
    body: agentResultsBody,
    responses: { 200: answers('How many were taken, and which were not and why', agentResultsResponse), 401: noToken, 413: 'The body is over 1 MiB' },
  },
};

export function registerAgentRoutes(app: FastifyInstance, deps: AgentRouteDeps): void {
  app.get('/agent/v1/monitors', async (request) => {
    const agent = await authenticateAgent(deps.db, request.headers.authorization, deps.clock.now());
    const query = parseInput(agentPollQuery, request.query ?? {}, 'query');
    deps.contact(agent.location, deps.clock.now());
    const set = await deps.definitions.next(agent.location, query.version);
    return agentDefinitionsResponse.parse({ location: agent.location, ...set });
  });
  app.post('/agent/v1/results', { bodyLimit: AGENT_BODY_LIMIT }, async (request) => {
    const now = deps.clock.now();
    const agent = await authenticateAgent(deps.db, request.headers.authorization, now);
    const body = parseInput(agentResultsBody, request.body ?? {}, 'body');
    deps.contact(agent.location, now);
    const runs = new Set(deps.definitions.forLocation(agent.location).monitors.map((m) => m.id));
    body.results.forEach((r, index) => {
      if (r.at > now + MAX_AHEAD_MS)
        throw new TocsinError('invalid_input', `results[${index}].at is ${r.at - now} ms ahead of the server's clock`, {
          field: `results.${index}.at`,
          expected: 'a time not in the future',
        });
      if (r.at < now - AGENT_HORIZON_MS)
        throw new TocsinError('invalid_input', `results[${index}].at is older than the 7-day buffer horizon`, {
          field: `results.${index}.at`,
          expected: 'a time within the last 7 days',
        });
    });
    const ignored: Array<{ index: number; reason: string }> = [];
    body.results.forEach((r, index) => {
      if (!runs.has(r.monitor_id)) {
        ignored.push({ index, reason: `${r.monitor_id} is not run from ${agent.location} (any more)` });
        return;
      }
      deps.accept({
        monitorId: r.monitor_id,
        at: r.at,
        missed: 0,
        location: agent.location,
        result: { status: r.status, latencyMs: r.latency_ms, message: r.message, timings: r.timings, ...(r.metrics && { metrics: r.metrics }) },
      });
    });
    return agentResultsResponse.parse({ accepted: body.results.length - ignored.length, ignored });
  });
}
