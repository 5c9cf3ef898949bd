/** Where a monitor's check runs, and how the places' results make one status. */
import { z } from 'zod';
import { LOCAL, MAX_LOCATIONS } from '../core/locations/quorum.js';

export const locationName = () =>
  z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'expected a location name of 1 to 40 lowercase letters, digits or "-" (e.g. eu-west)')
    .meta({ description: `A probe location: ${LOCAL} (this tocsin) or an agent's --location` });

export const locationsSchema = z
  .array(locationName())
  .min(1)
  .max(MAX_LOCATIONS)
  .refine((names) => new Set(names).size === names.length, 'each location once');

export const quorumSchema = z.union([z.enum(['any', 'all']), z.number().int().min(1).max(MAX_LOCATIONS)]);

/** `quorum: n` needs n locations to be able to agree: refused when the monitor names fewer. */
export function quorumFits(monitor: { locations?: readonly string[] | undefined; quorum?: unknown }): boolean {
  return typeof monitor.quorum !== 'number' || monitor.quorum <= (monitor.locations?.length ?? 1);
}

/** A command (exec) runs where tocsin runs: an agent takes no commands from the server. */
export function localCommand(monitor: { type?: unknown; locations?: unknown }): boolean {
  return monitor.type !== 'exec' || !Array.isArray(monitor.locations) || monitor.locations.every((l) => l === LOCAL);
}
