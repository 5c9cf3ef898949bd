/** The mattermost channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl, label } from '../../schema/channel-fields.js';

export const mattermostChannel = channel('mattermost', {
  url: httpUrl().meta({ description: 'Mattermost incoming-webhook URL, e.g. https://chat.example.org/hooks/xxx' }),
  channel: label().optional().meta({ description: "Post to this channel instead of the webhook's own (if the webhook allows it)" }),
  username: label().optional().meta({ description: 'Name shown as the poster (if the server allows overriding it)' }),
});
