/** The telegram channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, secret } from '../../schema/channel-fields.js';

export const telegramChannel = channel('telegram', {
  bot_token: secret('bot token').meta({ description: 'Token from @BotFather' }),
  // YAML reads -1001234 as a number; the Bot API takes either, so keep one spelling.
  chat_id: z
    .union([z.string().min(1), z.number().int()], { error: 'expected a chat id such as -1001234567890 or @channel' })
    .transform(String)
    .meta({ description: 'Chat, group or channel: a number such as -1001234567890 or @channelname' }),
});
