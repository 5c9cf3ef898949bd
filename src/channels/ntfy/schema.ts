/** The ntfy channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

const NTFY_PRIORITIES = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 } as const;

const ntfyPriority = z.union(
  [z.number().int().min(1).max(5), z.enum(['min', 'low', 'default', 'high', 'max', 'urgent']).transform((name) => NTFY_PRIORITIES[name])],
  { error: 'expected a priority 1 to 5 or one of min, low, default, high, max, urgent' },
);

export const ntfyChannel = channel('ntfy', {
  url: httpUrl().meta({ description: 'Topic URL, e.g. https://ntfy.sh/my-alerts' }),
  token: secret('token').optional().meta({ description: 'Access token of a protected topic' }),
  priority: ntfyPriority.optional().meta({
    description:
      'Priority of problems (down, reminders), 1 to 5 or min, low, default, high, max, urgent; absent: 5 for down, 4 for degraded. Recoveries stay at 3',
  }),
});
