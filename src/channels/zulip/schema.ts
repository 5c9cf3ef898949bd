/** The zulip channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, email, httpUrl, label, secret } from '../../schema/channel-fields.js';

export const zulipChannel = channel('zulip', {
  site: httpUrl().meta({ description: 'Zulip server, e.g. https://example.zulipchat.com' }),
  email: email().meta({ description: "The bot's email address" }),
  api_key: secret('API key').meta({ description: "The bot's API key" }),
  stream: label(60).meta({ description: 'Channel (stream) to post to' }),
  topic: label(60).optional().meta({ description: 'Topic; by default each monitor gets its own topic' }),
});
