/** The dingtalk channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

export const dingtalkChannel = channel('dingtalk', {
  url: httpUrl().meta({ description: 'DingTalk robot webhook URL with its access_token' }),
  secret: secret('signing secret').optional().meta({ description: 'The robot\'s "SEC…" signing secret, if its security setting is signing' }),
});
