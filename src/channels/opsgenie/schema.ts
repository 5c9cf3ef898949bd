/** The opsgenie channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, secret } from '../../schema/channel-fields.js';

export const opsgenieChannel = channel('opsgenie', {
  api_key: secret('API key').meta({ description: 'Opsgenie API integration key' }),
  region: z.enum(['us', 'eu']).default('us').meta({ description: 'Which Opsgenie API: api.opsgenie.com (us) or api.eu.opsgenie.com (eu)' }),
});
