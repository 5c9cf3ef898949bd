/**
 * A monitor's runbook: the page notifications link to (/runbooks/:id) and the card on the monitor's
 * page. A web link stays a link; a Markdown file or text is rendered by the server
 * (GET /api/v1/monitors/:id/runbook, raw HTML off), so the dashboard shows what the export shows.
 */
import { useApi } from '../data.js';
import { Problem } from '../parts/banner.js';
import type { Monitor } from '../types.js';

interface RunbookAnswer {
  monitor: { id: string; name: string };
  runbook: string;
  kind: 'file' | 'link' | 'text';
  url?: string;
  html?: string;
}

const isWeb = (runbook: string) => /^https?:\/\/\S+$/i.test(runbook.trim());

/** Where a runbook opens: the web page itself, else the dashboard's page of it. */
export function runbookHref(monitorId: string, runbook: string): string {
  return isWeb(runbook) ? runbook.trim() : `/runbooks/${encodeURIComponent(monitorId)}`;
}

function Body({ answer }: { answer: RunbookAnswer }) {
  if (answer.kind === 'link')
    return (
      <p>
        <a href={answer.url} target="_blank" rel="noreferrer">
          {answer.url}
        </a>
      </p>
    );
  // The server rendered it with markdown-it, raw HTML off: whatever the file says is text, never markup.
  return <div class="prose runbook" data-testid="runbook-body" dangerouslySetInnerHTML={{ __html: answer.html ?? '' }} />;
}

export function RunbookView({ id }: { id: string }) {
  const answer = useApi<RunbookAnswer>(`/api/v1/monitors/${encodeURIComponent(id)}/runbook`);
  const data = answer.data;
  return (
    <section aria-labelledby="runbook-h">
      <h1 id="runbook-h">Runbook{data ? `: ${data.monitor.name}` : ''}</h1>
      <p class="muted small">
        <a href={`/monitors/${encodeURIComponent(id)}`}>{data?.monitor.name ?? id}</a>
        {data?.kind === 'file' && <> · {data.runbook}</>}
      </p>
      <Problem error={answer.error} what="the runbook" />
      {data && (
        <div class="card">
          <Body answer={data} />
        </div>
      )}
    </section>
  );
}

/** On the monitor's page: a web link as is, else the rendered runbook with a link to its own page. */
export function RunbookCard({ monitor }: { monitor: Monitor }) {
  const runbook = monitor.runbook;
  const answer = useApi<RunbookAnswer>(runbook && !isWeb(runbook) ? `/api/v1/monitors/${encodeURIComponent(monitor.id)}/runbook` : null);
  if (!runbook) return null;
  return (
    <div class="card">
      <h2>Runbook</h2>
      {isWeb(runbook) ? (
        <p>
          <a href={runbook.trim()} target="_blank" rel="noreferrer">
            {runbook}
          </a>
        </p>
      ) : (
        <>
          <Problem error={answer.error} what="the runbook" />
          {answer.data && <Body answer={answer.data} />}
          <p class="small">
            <a href={runbookHref(monitor.id, runbook)}>Open the runbook on its own page</a>
          </p>
        </>
      )}
    </div>
  );
}
