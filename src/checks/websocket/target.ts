import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, safeUrl, type Target, writableAnywhere } from '../target.js';

export const websocketTarget: Target<ResolvedSettings['websocket']> = {
  describe: (s) => safeUrl(s.url),
  rateKey: noRateKey,
  reach: (s) => {
    if (s.ca_file !== undefined) return { field: 'ca_file', why: "ca_file reads a file on tocsin's host" };
    if (s.send === undefined) return undefined;
    return { field: 'send', why: 'a websocket monitor that sends a message speaks to the service behind it and shows what it answers' };
  },
  fileOnly: writableAnywhere,
};
