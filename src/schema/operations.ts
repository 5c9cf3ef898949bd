/** How tocsin guards a config sync (`apply`) and makes its own backups (`backup`). */
import { z } from 'zod';
import { duration } from './primitives.js';

const HOUR = 3_600_000;

const maxDeletions = z
  .union([
    z.number().int().min(0).max(1_000_000),
    z.templateLiteral([z.number().min(0).max(100), '%'], { error: 'expected a count such as 5 or a percentage such as "10%"' }),
  ])
  .meta({ description: 'Most objects of one kind an apply may remove without --allow-deletions: a count, or "N%" of that kind (never under 3)' });

export const applySchema = z
  .strictObject({
    max_deletions: maxDeletions.default('10%'),
  })
  .prefault({})
  .meta({ description: "Guards of config sync (start, SIGHUP, tocsin apply, the API's reload)" });

export const backupSchema = z
  .strictObject({
    every: duration()
      .refine((ms) => ms >= HOUR, 'expected at least 1h: each backup is also restored into a scratch database to verify it')
      .prefault('1d')
      .meta({ description: 'How often tocsin backs itself up (at least 1h)' }),
    keep: z.number().int().min(1).max(1000).default(14).meta({ description: 'How many backups to keep; older ones are deleted' }),
    dir: z.string().min(1).max(4096).meta({ description: 'Directory the backup files are written to' }),
  })
  .optional()
  .meta({ description: 'Scheduled, verified backups; the age of the last verified one is a self monitor' });

export type ApplyConfig = z.output<typeof applySchema>;
export type BackupConfig = NonNullable<z.output<typeof backupSchema>>;
