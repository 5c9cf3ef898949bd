/** The command channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel } from '../../schema/channel-fields.js';

export const commandChannel = channel('command', {
  command: z
    .array(z.string().min(1))
    .min(1, 'expected the program and its arguments, e.g. [/usr/local/bin/page, --team, ops]')
    .meta({ description: 'Program and arguments, run without a shell; it reads the webhook JSON on stdin and TOCSIN_* variables' }),
});
