/** What the API answers about incident and maintenance posts of status pages (see api-monitors.ts). */
import { z } from 'zod';
import { damagedParts } from './api-response-incidents.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });
const postStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'completed']);

export const postSchema = z.strictObject({
  id: z.string(),
  page: z.string().meta({ description: 'The status page slug' }),
  kind: z.enum(['incident', 'maintenance']),
  title: z.string(),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
  status: postStatus,
  components: z.array(z.string()),
  startsAt: ms().meta({ description: 'Incidents: when it began; maintenance: when the window opens' }),
  endsAt: ms().nullable().meta({ description: 'Maintenance: when the window is planned to close' }),
  resolvedAt: ms().nullable(),
  createdAt: ms(),
  updatedAt: ms(),
  updates: z
    .array(z.strictObject({ id: z.string(), status: postStatus, body: z.string().meta({ description: 'Markdown' }), at: ms() }))
    .meta({ description: 'Newest first' }),
  damaged: damagedParts.optional(),
});

export const postListResponse = z.strictObject({ incidents: z.array(postSchema) });

export type Post = z.output<typeof postSchema>;
