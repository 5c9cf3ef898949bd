/**
 * Where notifications go: one entry per channel id, discriminated by `type`. Each channel keeps its
 * settings schema in its own folder (`src/channels/<name>/schema.ts`); the union is derived from the
 * list in `src/channels/schemas.ts`, in its order.
 */
import { z } from 'zod';
import { channelSchemas } from '../channels/schemas.js';
import { id } from './primitives.js';

export const channelSchema = z.discriminatedUnion('type', channelSchemas);

export type ChannelConfig = z.output<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];
export type ChannelOf<T extends ChannelType> = Extract<ChannelConfig, { type: T }>;

export const channelTypes: readonly ChannelType[] = channelSchemas.map((schema) => schema.shape.type.value);

export const channelsSchema = z.record(id(), channelSchema).default({}).meta({ description: 'Notification channels by id; escalation policies name them' });
