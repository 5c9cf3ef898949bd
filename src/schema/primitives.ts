import { z } from 'zod';
import { parseDuration, parseSize } from '../lib/duration.js';

/** A duration string such as "30s" or "1h30m", parsed to milliseconds. */
export const duration = () =>
  z
    // `interval: 30` is a number in YAML: say what a duration looks like (missing keys keep "missing").
    .string({ error: (issue) => (issue.input === undefined ? undefined : 'expected a duration such as 500ms, 30s, 10m, 2h or 7d') })
    .refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration such as 500ms, 30s, 10m, 2h or 7d' })
    .transform((s) => parseDuration(s)!)
    .meta({
      description: 'Duration: a number followed by ms, s, m, h, d or w, e.g. 30s, 1h30m',
      // For editors (JSON Schema); the refinement above is what tocsin enforces.
      pattern: '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|w))+$',
    });

/** A size string such as "512MB", parsed to bytes. */
export const size = () =>
  z
    .string({ error: (issue) => (issue.input === undefined ? undefined : 'expected a size such as 64kB, 512MB or 1GiB') })
    .refine((s) => parseSize(s) !== undefined, { message: 'expected a size such as 64kB, 512MB or 1GiB' })
    .transform((s) => parseSize(s)!)
    .meta({ description: 'Size: a number followed by B, kB, MB, GB, KiB, MiB or GiB', pattern: '^\\d+(?:\\.\\d+)?\\s*(?:[kKmMgG][iI]?[bB]|[bB])$' });

/** Identifiers used in URLs and references: lowercase, digits, dash, underscore. */
export const id = () =>
  z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'expected lowercase letters, digits, "-" or "_" (at most 100), starting with a letter or digit');

export const port = () => z.number().int().min(1).max(65535);

/** A host name or an IP address (no scheme, no port). */
export const host = () =>
  z
    .string()
    .min(1)
    .max(253)
    .regex(
      /^(?:\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?)$/,
      'expected a host name or IP address, without scheme or port',
    );
