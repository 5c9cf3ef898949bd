/** The line channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, secret } from '../../schema/channel-fields.js';

export const lineChannel = channel('line', {
  channel_access_token: secret('channel access token').meta({ description: 'LINE Messaging API channel access token' }),
  to: z
    .string()
    .regex(/^[UCR][0-9a-f]{32}$/, 'expected a LINE user, group or room id: U, C or R followed by 32 hex digits')
    .meta({ description: 'The user (U…), group (C…) or room (R…) id to push to' }),
});
