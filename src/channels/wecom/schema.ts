/** The wecom channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { channel, httpUrl } from '../../schema/channel-fields.js';

export const wecomChannel = channel('wecom', { url: httpUrl().meta({ description: 'WeCom (WeChat Work) group robot webhook URL with its key' }) });
