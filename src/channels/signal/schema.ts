/** The signal channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const signalChannel = channel('signal', {
  url: httpUrl().meta({ description: 'signal-cli REST API, e.g. http://signal-api:8080' }),
  number: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'expected the registered sender number in E.164 form such as +14155550100')
    .meta({ description: 'The sender: the number registered with signal-cli, in E.164 form' }),
  recipients: z
    .array(z.string().regex(/^\+[1-9]\d{6,14}$|^group\.[A-Za-z0-9+/=]{1,200}$/, 'expected a number such as +14155550100 or a group id such as group.abc…'))
    .min(1, 'expected at least one recipient')
    .max(100)
    .meta({ description: 'Numbers in E.164 form or group ids (group.…) to send to, at most 100' }),
});
