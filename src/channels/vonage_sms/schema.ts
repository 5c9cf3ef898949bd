/** The vonage_sms channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, phone, secret } from '../../schema/channel-fields.js';

export const vonageSmsChannel = channel('vonage_sms', {
  api_key: secret('API key').meta({ description: 'The Vonage API key' }),
  api_secret: secret('API secret').meta({ description: 'The Vonage API secret' }),
  from: z
    .string()
    .regex(/^\+?[1-9]\d{6,14}$|^[A-Za-z0-9 ]{1,11}$/, 'expected a number such as +14155550100 or an alphanumeric sender id of up to 11 characters')
    .meta({ description: 'A Vonage number, or an alphanumeric sender id of up to 11 characters where the country allows one' }),
  to: phone().meta({ description: 'The phone to reach; one per channel, so a retry never reaches someone twice' }),
});
