/** The matrix channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

export const matrixChannel = channel('matrix', {
  homeserver: httpUrl().meta({ description: 'Base URL of the homeserver, e.g. https://matrix.example.org' }),
  access_token: secret('access token').meta({ description: 'Access token of the account that posts' }),
  room_id: z
    .string()
    .regex(/^[!#][^:]+:.+$/, 'expected a room id such as !abc:example.org or an alias such as #ops:example.org')
    .meta({ description: 'Room id (!abc:example.org) or alias (#ops:example.org)' }),
});
