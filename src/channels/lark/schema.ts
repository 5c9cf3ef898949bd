/** The lark channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

export const larkChannel = channel('lark', {
  url: httpUrl().meta({ description: 'Lark or Feishu custom bot webhook URL (open.larksuite.com or open.feishu.cn)' }),
  secret: secret('signing secret').optional().meta({ description: "The bot's signature verification secret, if set" }),
});
