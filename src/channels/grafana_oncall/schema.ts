/** The grafana_oncall channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const grafanaOncallChannel = channel('grafana_oncall', {
  url: httpUrl().meta({ description: 'URL of a Grafana OnCall "Formatted webhook" integration' }),
});
