/** The slack channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const slackChannel = channel('slack', { url: httpUrl().meta({ description: 'Slack incoming-webhook URL' }) });
