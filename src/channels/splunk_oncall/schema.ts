/** The splunk_oncall channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, secret } from '../../schema/channel-fields.js';

export const splunkOncallChannel = channel('splunk_oncall', {
  api_key: secret('REST endpoint API key').meta({ description: 'The key in the REST endpoint integration URL (Splunk On-Call, formerly VictorOps)' }),
  routing_key: secret('routing key').meta({ description: "The routing key that sends the incident to a team's escalation policy" }),
});
