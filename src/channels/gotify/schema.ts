/** The gotify channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

export const gotifyChannel = channel('gotify', {
  url: httpUrl().meta({ description: 'Gotify server, e.g. https://push.example.org' }),
  token: secret('application token').meta({ description: 'Token of the Gotify application the messages are posted as' }),
  priority: z.number().int().min(0).max(10).optional().meta({ description: 'Priority of problems (0–10, default 8); recoveries and tests go at 4' }),
});
