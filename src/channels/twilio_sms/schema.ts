/** The twilio_sms channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, phone, secret } from '../../schema/channel-fields.js';

/** The fields both Twilio channels take. */
export const twilioFields = {
  account_sid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio account SID: AC followed by 32 hex digits')
    .meta({ description: "The Twilio account SID (AC…), the user name of the API's basic authentication" }),
  auth_token: secret('auth token').meta({ description: "The account's auth token" }),
  from: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$|^MG[0-9a-fA-F]{32}$/, 'expected a Twilio number in E.164 form such as +14155550100 or a messaging service SID (MG…)')
    .meta({ description: 'A Twilio number in E.164 form, or a messaging service SID (MG…) to send from' }),
  to: phone().meta({ description: 'The phone to reach; one per channel, so a retry never reaches someone twice' }),
};

export const twilioSmsChannel = channel('twilio_sms', twilioFields);
