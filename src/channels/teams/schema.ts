/** The teams channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const teamsChannel = channel('teams', { url: httpUrl().meta({ description: 'Microsoft Teams workflow webhook URL' }) });
