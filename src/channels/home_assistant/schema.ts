/** The home_assistant channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

export const homeAssistantChannel = channel('home_assistant', {
  url: httpUrl().meta({ description: 'Home Assistant, e.g. http://homeassistant.local:8123' }),
  access_token: secret('long-lived access token').meta({ description: 'A long-lived access token from the Home Assistant user profile' }),
  service: z
    .string()
    .regex(/^[a-z0-9_]{1,100}$/, 'expected a notify service name such as mobile_app_pixel_8 (the part after "notify.")')
    .default('notify')
    .meta({ description: 'The notify service to call, without "notify."' }),
});
