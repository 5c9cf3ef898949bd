import { z } from 'zod';

/** Nagios-compatible plugin. Config file only: it runs commands on the host. */
export const execSettings = z.strictObject({
  command: z
    .array(z.string().min(1))
    .min(1, 'expected the program and its arguments, e.g. [/usr/lib/nagios/plugins/check_disk, -w, "20%"]')
    .meta({ description: 'A Nagios-compatible plugin and its arguments, run without a shell; exit 0 up, 1 degraded, 2 down, 3 unknown' }),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
    .default({})
    .meta({ description: 'Extra environment variables; the plugin otherwise gets only PATH, HOME, LANG=C and LC_ALL=C' }),
  cwd: z.string().optional().meta({ description: 'Working directory of the plugin' }),
});

export type ExecSettings = z.infer<typeof execSettings>;
