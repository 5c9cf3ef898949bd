/** The pushover channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, secret } from '../../schema/channel-fields.js';

export const pushoverChannel = channel('pushover', {
  token: secret('application token').meta({ description: 'Pushover application token' }),
  user: secret('user key').meta({ description: 'Pushover user or group key' }),
});
