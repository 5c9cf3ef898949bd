/** The twilio_call channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, phone } from '../../schema/channel-fields.js';
import { twilioFields } from '../twilio_sms/schema.js';

export const twilioCallChannel = channel('twilio_call', {
  ...twilioFields,
  from: phone().meta({ description: 'A Twilio voice number in E.164 form' }),
});
