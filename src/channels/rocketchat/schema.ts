/** The rocketchat channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl, label } from '../../schema/channel-fields.js';

export const rocketchatChannel = channel('rocketchat', {
  url: httpUrl().meta({ description: 'Rocket.Chat incoming-webhook URL, e.g. https://chat.example.org/hooks/<id>/<token>' }),
  channel: label().optional().meta({ description: "Post to this #channel or @user instead of the integration's own" }),
});
