/** The discord channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const discordChannel = channel('discord', { url: httpUrl().meta({ description: 'Discord webhook URL' }) });
