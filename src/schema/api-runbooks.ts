/** What the API answers about a monitor's runbook (api/routes/runbooks.ts). */
import { z } from 'zod';

export const runbookResponse = z.strictObject({
  monitor: z.strictObject({ id: z.string(), name: z.string() }),
  runbook: z.string().meta({ description: 'The runbook as the monitor gives it: a path or a URL' }),
  kind: z.enum(['file', 'link', 'text']).meta({
    description:
      'file: a Markdown file in the runbook folder, rendered; link: a web page linked as is; text: Markdown written in the runbook setting itself, rendered',
  }),
  url: z.string().optional().meta({ description: 'link: the http(s) address to open' }),
  html: z.string().optional().meta({ description: 'file, text: the Markdown rendered to HTML, raw HTML in it shown as text' }),
});
