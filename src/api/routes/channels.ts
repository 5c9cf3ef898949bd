/** /api/v1/channels: tocsin.yaml's channels (read-only here) and the API's own; every secret reads "••••". */
import { z } from 'zod';
import { maskSecretText } from '../../channels/secrets.js';
import { channelListResponse, channelResponse } from '../../schema/api-resources.js';
import { channelSchema } from '../../schema/channels.js';
import { deleteResource, putResource } from '../../services/api-resource-writers.js';
import { configOwnedIds } from '../../services/api-resources.js';
import { listChannelHealth } from '../../store/channel-health.js';
import type { ApiDeps } from './deps.js';
import { maskSecrets } from '../../channels/mask.js';
import { resourceParams, resourceWriters, splitId, withoutId } from './resource-writers.js';
import { answers, route, type ApiRoute } from './route.js';

const channelBody = z.intersection(z.object({ id: z.string() }), channelSchema);

export function channelRoutes(deps: ApiDeps): ApiRoute[] {
  const writers = resourceWriters(deps);
  const view = async (ids?: string[]) => {
    const health = new Map((await listChannelHealth(deps.db)).map((h) => [h.channel, h]));
    const owned = configOwnedIds(deps.fileConfig(), 'channel');
    return Object.entries(deps.config().channels)
      .filter(([id]) => !ids || ids.includes(id))
      .map(([id, channel]) => {
        const h = health.get(id);
        return {
          id,
          source: owned.has(id) ? 'config' : 'api',
          ...(maskSecrets(channel, { secretPaths: true }) as Record<string, unknown>),
          health: h
            ? {
                failing_since: h.failingSince,
                last_ok_at: h.lastOkAt,
                last_failure_at: h.lastFailureAt,
                last_error: h.lastError === null ? null : maskSecretText(h.lastError, channel),
              }
            : null,
        };
      });
  };
  const one = async (id: string) => (await view([id]))[0] ?? null;
  return [
    route({
      method: 'GET',
      url: '/api/v1/channels',
      tag: 'channels',
      access: 'read',
      summary: 'Channels: tocsin.yaml\'s (source config, read-only) and the API\'s; every secret reads "••••"',
      responses: { 200: answers('Channels by id with delivery health', channelListResponse) },
      handler: async () => ({ read_only: false, channels: await view() }),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels',
      tag: 'channels',
      access: 'write',
      bodyDoc: channelBody,
      summary: 'Create a channel ({ id, type, … } as tocsin.yaml writes it); command channels only in tocsin.yaml',
      responses: { 201: answers('Created', channelResponse), 400: 'Invalid channel', 409: 'The id is taken or defined in tocsin.yaml' },
      handler: async ({ body, actor, reply }) => {
        const { id, rest } = splitId(body);
        await putResource(writers, actor, 'channel', id, rest, 'create');
        reply.status(201).header('location', `/api/v1/channels/${id}`);
        return { channel: await one(id) };
      },
    }),
    route({
      method: 'PUT',
      url: '/api/v1/channels/:id',
      tag: 'channels',
      access: 'write',
      params: resourceParams,
      bodyDoc: channelBody,
      summary: 'Replace an API-owned channel; a secret left out or sent back as "••••" keeps its stored value',
      responses: { 200: answers('Replaced', channelResponse), 400: 'Invalid channel', 404: 'No such channel', 409: 'Defined in tocsin.yaml' },
      handler: async ({ params, body, actor }) => {
        await putResource(writers, actor, 'channel', params.id, withoutId(body), 'replace');
        return { channel: await one(params.id) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/channels/:id',
      tag: 'channels',
      access: 'write',
      params: resourceParams,
      summary: 'Delete an API-owned channel that no escalation policy notifies',
      responses: { 204: 'Deleted', 404: 'No such channel', 409: 'Defined in tocsin.yaml, or a policy notifies it' },
      handler: async ({ params, actor, reply }) => {
        await deleteResource(writers, actor, 'channel', params.id);
        return reply.status(204).send();
      },
    }),
  ];
}
