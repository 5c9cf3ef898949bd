/**
 * GET /api/v1/monitors/:id/runbook: a monitor's runbook for the dashboard, rendered from Markdown
 * (raw HTML off) when it is a file inside the runbook folder or Markdown written in the setting, or
 * the address when it is a web page.
 * The dashboard's /runbooks/:id shows it, and notifications link there.
 */
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { markdown } from '../../lib/markdown.js';
import { runbookResponse } from '../../schema/api-runbooks.js';
import { isRunbookFile, isRunbookLink, isWebRunbook, readRunbookFile, runbookDir } from '../../services/runbook-file.js';
import type { ApiDeps } from './deps.js';
import { answers, route, type ApiRoute } from './route.js';

const params = z.strictObject({ id: z.string().min(1).max(200) });

export function runbookRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route<{ id: string }>({
      method: 'GET',
      url: '/api/v1/monitors/:id/runbook',
      summary: "A monitor's runbook: a Markdown file rendered to HTML, or the web page it links",
      tag: 'monitors',
      access: 'read',
      params,
      responses: {
        200: answers('The runbook', runbookResponse),
        400: 'The runbook is not a .md file inside the runbook folder, or not an http(s) link',
        404: 'No such monitor, the monitor has no runbook, or its file is missing',
        413: 'The runbook file is too large',
      },
      handler: async ({ params: { id } }) => {
        const monitor = deps.monitors().find((m) => m.id === id);
        if (!monitor) throw new TocsinError('not_found', `no monitor "${id}"`);
        const { runbook } = monitor;
        if (runbook === undefined) throw new TocsinError('not_found', `monitor "${id}" has no runbook; give it one with runbook: in its settings`);
        const head = { monitor: { id: monitor.id, name: monitor.name }, runbook };
        if (isRunbookLink(runbook)) {
          if (!isWebRunbook(runbook)) throw new TocsinError('invalid_input', `the runbook of "${id}" is not an http(s) URL`, { field: 'runbook' });
          return { ...head, kind: 'link' as const, url: runbook };
        }
        if (!isRunbookFile(runbook)) return { ...head, kind: 'text' as const, html: markdown(runbook) };
        const dir = runbookDir(deps.incidents?.templateDir ?? process.cwd(), deps.config().incidents?.runbook_dir);
        return { ...head, kind: 'file' as const, html: markdown(await readRunbookFile(runbook.trim(), dir)) };
      },
    }),
  ];
}
