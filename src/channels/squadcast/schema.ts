/** The squadcast channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const squadcastChannel = channel('squadcast', {
  url: httpUrl().meta({ description: 'Squadcast incident webhook URL, e.g. https://api.squadcast.com/v2/incidents/api/<key>' }),
});
