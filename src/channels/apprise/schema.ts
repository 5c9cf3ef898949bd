/** The apprise channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl, label } from '../../schema/channel-fields.js';

export const appriseChannel = channel('apprise', {
  url: httpUrl().meta({ description: 'Apprise API server, e.g. http://apprise:8000' }),
  key: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected the configuration key: 1 to 64 letters, digits, "_" or "-"')
    .meta({ description: 'The key of the configuration stored on the Apprise API server (POST /notify/<key>)' }),
  tag: label(200).optional().meta({ description: 'Notify only the URLs with this tag (Apprise\'s own tags; "all" for every one)' }),
});
