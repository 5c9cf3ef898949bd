/** The pagerduty channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, secret } from '../../schema/channel-fields.js';

export const pagerdutyChannel = channel('pagerduty', { routing_key: secret('routing key').meta({ description: 'Events API v2 integration key' }) });
