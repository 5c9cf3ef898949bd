/** The mastodon channel's settings, as tocsin.yaml and the API write them. Node-free: the dashboard validates with it. */
import { z } from 'zod';
import { channel, httpUrl, secret } from '../../schema/channel-fields.js';

export const mastodonChannel = channel('mastodon', {
  url: httpUrl().meta({ description: 'The Mastodon server of the posting account, e.g. https://fosstodon.org' }),
  access_token: secret('access token').meta({ description: 'Access token of an application with the write:statuses scope' }),
  visibility: z.enum(['direct', 'private', 'unlisted', 'public']).default('direct').meta({ description: 'direct: only the mentioned accounts see it' }),
  mention: z
    .array(z.string().regex(/^@[A-Za-z0-9_]+(@[A-Za-z0-9.-]+)?$/, 'expected an account such as @alice@example.org'))
    .max(20)
    .default([])
    .meta({ description: 'Accounts to mention; with direct visibility they are the only readers' }),
});
