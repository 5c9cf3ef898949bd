/** The google_chat channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const googleChatChannel = channel('google_chat', {
  url: httpUrl().meta({ description: 'Google Chat space webhook URL (with its key and token query)' }),
});
