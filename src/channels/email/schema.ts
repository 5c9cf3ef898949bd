/** The email channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, email } from '../../schema/channel-fields.js';

export const emailChannel = channel('email', {
  smtp: z
    .url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL such as smtp://mail.example.org:587' })
    .meta({ description: 'Mail server: smtp://user:password@host:587 (STARTTLS when offered) or smtps:// (TLS from the start)' }),
  from: email().meta({ description: 'Sender address' }),
  to: z.array(email()).min(1).meta({ description: 'Recipient addresses' }),
});
