/** Public status pages: which monitors make up each component people see. */
import { z } from 'zod';
import { duration, host, id } from './primitives.js';

const component = z.strictObject({
  name: z.string().min(1).meta({ description: 'What visitors see, e.g. Website or Downloads' }),
  monitors: z.array(id()).min(1).meta({ description: 'Monitor ids; the component shows the worst of their states' }),
  group: z.string().min(1).optional().meta({ description: 'Components with the same group are shown together under it' }),
});

export const statusPageSchema = z.strictObject({
  slug: id().meta({ description: 'The page is served at /status/<slug>' }),
  title: z.string().min(1).meta({ description: 'Heading of the page' }),
  description: z.string().optional().meta({ description: 'A line under the title' }),
  logo: z.string().min(1).optional().meta({ description: 'Path or URL of an image' }),
  domain: host().optional().meta({ description: 'Serve this page at the root of this host name too' }),
  components: z.array(component).meta({ description: 'What visitors see, in order: each shows the worst state of its monitors' }),
  export_every: duration().optional().meta({ description: 'Also write the page as static files this often, so it survives tocsin being down' }),
  export_dir: z.string().min(1).optional().meta({ description: 'Where export_every writes the files; default: status-export/<slug> beside the SQLite file' }),
});

export const statusPagesSchema = z.array(statusPageSchema).default([]);

export type StatusPageConfig = z.output<typeof statusPageSchema>;
