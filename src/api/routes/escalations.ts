/** /api/v1/escalations: who is told when, per policy; tocsin.yaml's are read-only here, the API's are not. */
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { escalationResponse, escalationsResponse } from '../../schema/api-resources.js';
import { escalationPolicySchema } from '../../schema/escalations.js';
import { deleteResource, putResource } from '../../services/api-resource-writers.js';
import { configOwnedIds } from '../../services/api-resources.js';
import type { ApiDeps } from './deps.js';
import { resourceParams, resourceWriters, splitId } from './resource-writers.js';
import { answers, route, type ApiRoute } from './route.js';

const policyBody = z.strictObject({ id: z.string(), steps: escalationPolicySchema });

/** The steps of `{ steps: [...] }`; anything else is refused here so the schema names `steps`. */
function stepsOf(rest: Record<string, unknown>): unknown {
  const extra = Object.keys(rest).find((key) => key !== 'steps');
  if (extra !== undefined)
    throw new TocsinError('invalid_input', `body ${extra}: unknown field; a policy is { id, steps: [{ after, notify }] }`, {
      field: extra,
      expected: 'id and steps only',
    });
  return rest.steps;
}

const objectOf = (body: unknown): Record<string, unknown> => {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new TocsinError('invalid_input', 'body: expected a JSON object { steps: [...] }', { field: 'body' });
  const { id: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
};

export function escalationRoutes(deps: ApiDeps): ApiRoute[] {
  const writers = resourceWriters(deps);
  const policy = (id: string) => ({ id, source: 'api', steps: deps.config().escalations[id] ?? null });
  return [
    route({
      method: 'GET',
      url: '/api/v1/escalations',
      tag: 'escalations',
      access: 'read',
      summary: "Escalation policies, steps with `after` in ms; `sources` tells tocsin.yaml's (read-only) from the API's",
      responses: { 200: answers('Policies by name, where each is defined, and the fallback channels', escalationsResponse) },
      handler: async () => {
        const config = deps.config();
        const owned = configOwnedIds(deps.fileConfig(), 'escalation');
        const sources = Object.fromEntries(Object.keys(config.escalations).map((name) => [name, owned.has(name) ? 'config' : 'api']));
        return { read_only: false, default: config.defaults.escalation ?? null, fallback: config.fallback, policies: config.escalations, sources };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/escalations',
      tag: 'escalations',
      access: 'write',
      bodyDoc: policyBody,
      summary: 'Create a policy { id, steps: [{ after, notify }] }; every step must name existing channels',
      responses: { 201: answers('Created', escalationResponse), 400: 'Invalid policy', 409: 'The id is taken or defined in tocsin.yaml' },
      handler: async ({ body, actor, reply }) => {
        const { id, rest } = splitId(body);
        await putResource(writers, actor, 'escalation', id, stepsOf(rest), 'create');
        reply.status(201).header('location', `/api/v1/escalations/${id}`);
        return { policy: policy(id) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/v1/escalations/:id',
      tag: 'escalations',
      access: 'write',
      params: resourceParams,
      bodyDoc: policyBody.omit({ id: true }),
      summary: "Replace an API-owned policy's steps",
      responses: { 200: answers('Replaced', escalationResponse), 400: 'Invalid policy', 404: 'No such policy', 409: 'Defined in tocsin.yaml' },
      handler: async ({ params, body, actor }) => {
        await putResource(writers, actor, 'escalation', params.id, stepsOf(objectOf(body)), 'replace');
        return { policy: policy(params.id) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/escalations/:id',
      tag: 'escalations',
      access: 'write',
      params: resourceParams,
      summary: 'Delete an API-owned policy that no monitor names',
      responses: { 204: 'Deleted', 404: 'No such policy', 409: 'Defined in tocsin.yaml, or a monitor names it' },
      handler: async ({ params, actor, reply }) => {
        await deleteResource(writers, actor, 'escalation', params.id);
        return reply.status(204).send();
      },
    }),
  ];
}
