import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { durationArgument, instantArgument } from '../arguments.js';
import { parseDuration } from '../../lib/duration.js';
import { TocsinError } from '../../lib/errors.js';
import type { Config } from '../../schema/config.js';
import { openIncident, scheduleMaintenance, updatePost, type PostContext } from '../../services/incidents.js';
import { HISTORY_MS } from '../../web/status/gather.js';
import { STATUS_WORDS } from '../../web/status/subscriber-messages.js';
import { publishPost } from '../../services/subscriptions.js';
import { INCIDENTS_CHANGED_PATH, nudgeEngine } from '../../services/ack-nudge.js';
import { listPosts, type Post, type PostStatus } from '../../store/incidents.js';
import type { Db } from '../../store/schema.js';
import { logDamaged } from '../../store/stored-json.js';
import { formatTime } from '../../web/status/escape.js';
import { withConfigStore, type Access } from '../store.js';
import { listResponse, openResponse, registerResponseCommands, severityArgument, stderrWarnings } from './incident-response.js';
import type { Severity } from '../../core/incident/types.js';

interface OpenOptions {
  sev?: Severity;
  commander?: string;
  by?: string;
  title?: string;
  body?: string;
  impact: string;
  component?: string[];
}

/** A write is followed by a nudge: the running tocsin re-renders the page and tells subscribers at once. */
function withStore(command: Command, access: Access, work: (db: Db, config: Config) => Promise<void>): Promise<void> {
  return withConfigStore(command, access, async (store, config) => {
    await work(store.db, config);
    if (access === 'write') await nudgeEngine(store.db, 2000, INCIDENTS_CHANGED_PATH);
  });
}

/** Runs a writer as the person at the terminal: audited, and subscribers told through the running tocsin. */
function publish(db: Db, config: Config, action: string, write: (ctx: PostContext) => Promise<Post>): Promise<Post> {
  const actor = { kind: 'cli' as const, label: `cli ${whoAmI()}` };
  return publishPost({ db, now: Date.now(), pages: config.status_pages, actor, action, logger: stderrWarnings }, write);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function describePost(p: Post): string {
  const affects = p.components.length ? ` · affects ${p.components.join(', ')}` : '';
  return `${p.kind} ${p.id} on "${p.page}": "${p.title}" ${STATUS_WORDS[p.status].toLowerCase()} (${p.impact})${affects}`;
}

export function registerIncident(program: Command): void {
  const incident = program
    .command('incident')
    .description('response incidents (open, note, resolve, postmortem, action) and status-page posts (open --title, update, list <page>)');
  incident
    .command('open <title-or-page>')
    .option('--sev <n>', 'response incident: severity 1 to 4 (SEV1 is the worst; default 3)', severityArgument)
    .option('--commander <name>', 'response incident: the incident commander')
    .option('--by <name>', 'response incident: who opens it (default: your user name)')
    .option('--title <text>', 'status-page post: what people see first (the argument is then the page)')
    .option('--body <markdown>', 'status-page post: what is happening, in Markdown')
    .addOption(new Option('--impact <level>', 'status-page post: how much it hurts').choices(['none', 'minor', 'major', 'critical']).default('minor'))
    .option('--component <name>', 'an affected component (repeat for several)', collect)
    .description('open a response incident; with --title and --body, a post on a status page instead (subscribers are told)')
    .addHelpText(
      'after',
      '\nExamples:\n  tocsin incident open "Mirrors unreachable" --sev 2 --commander ana\n  tocsin incident open public --title "Mirrors slow" --body "Downloads time out." --impact major --component Mirrors',
    )
    .action(async (what: string, o: OpenOptions, command: Command) => {
      if (o.title === undefined) return openResponse(command, what, o);
      if (o.body === undefined) throw new TocsinError('invalid_input', 'a status-page post needs --body as well as --title', { field: 'body' });
      const body = o.body;
      const title = o.title;
      return withStore(command, 'write', async (db, config) => {
        const input = { page: what, title, body, impact: o.impact as Post['impact'], ...(o.component ? { components: o.component } : {}) };
        const post = await publish(db, config, 'incident.open', (ctx) => openIncident(ctx, input));
        process.stdout.write(`opened ${describePost(post)}\nupdate it with: tocsin incident update ${post.id} --status identified --body "…"\n`);
      });
    });
  incident
    .command('update <id>')
    .requiredOption('--status <status>', 'investigating, identified, monitoring or resolved (maintenance: in_progress, completed)')
    .requiredOption('--body <markdown>', 'what changed, in Markdown')
    .description("add an update to an incident's or maintenance's timeline; resolved or completed closes it")
    .action(async (id: string, o: { status: string; body: string }, command: Command) =>
      withStore(command, 'write', async (db, config) => {
        const post = await publish(db, config, 'incident.update', (ctx) => updatePost(ctx, id, { status: o.status as PostStatus, body: o.body }));
        process.stdout.write(`updated ${describePost(post)}\n`);
      }),
    );
  incident
    .command('list [page]')
    .option('--json', 'print as JSON')
    .option('--open', 'response incidents: only those not resolved')
    .description("response incidents, newest first; with a page, that page's posts open or closed in the last 14 days")
    .action(async (page: string | undefined, o: { json?: boolean; open?: boolean }, command: Command) => {
      if (page === undefined) return listResponse(command, o);
      return withStore(command, 'read', async (db, config) => {
        if (!config.status_pages.some((p) => p.slug === page)) throw noPage(page, config);
        const posts = await listPosts(db, page, Date.now() - HISTORY_MS);
        logDamaged(stderrWarnings, 'status page post', posts);
        if (o.json) process.stdout.write(JSON.stringify({ incidents: posts }, null, 2) + '\n');
        else
          process.stdout.write(
            posts.length
              ? posts.map((p) => `${formatTime(p.startsAt)}  ${describePost(p)}\n`).join('')
              : `no incidents or maintenance on "${page}" in the last 14 days\n`,
          );
      });
    });
  registerResponseCommands(incident);
  registerMaintenance(program);
}

function registerMaintenance(program: Command): void {
  program
    .command('maintenance')
    .description('maintenance posts on status pages')
    .command('schedule <page>')
    .requiredOption('--title <text>', 'what people see first')
    .requiredOption('--body <markdown>', 'what will happen, in Markdown')
    .requiredOption('--start <time>', 'ISO 8601 with a zone, e.g. 2026-12-05T02:00:00Z', instantArgument)
    .requiredOption('--duration <duration>', 'how long, e.g. 2h or 30m', durationArgument)
    .option('--component <name>', 'an affected component (repeat for several)', collect)
    .description('announce maintenance on a status page; subscribers are told')
    .action(async (page: string, o: { title: string; body: string; start: string; duration: string; component?: string[] }, command: Command) =>
      withStore(command, 'write', async (db, config) => {
        const startsAt = /(?:Z|[+-]\d{2}:\d{2})$/.test(o.start) ? Date.parse(o.start) : NaN;
        if (Number.isNaN(startsAt))
          throw new TocsinError('invalid_input', `--start must be an ISO 8601 time with a zone such as 2026-12-05T02:00:00Z, got "${o.start}"`, {
            field: 'start',
          });
        const duration = parseDuration(o.duration);
        if (!duration) throw new TocsinError('invalid_input', `--duration must be a duration such as 2h or 30m, got "${o.duration}"`, { field: 'duration' });
        const input = { page, title: o.title, body: o.body, startsAt, endsAt: startsAt + duration, ...(o.component ? { components: o.component } : {}) };
        const post = await publish(db, config, 'maintenance.schedule', (ctx) => scheduleMaintenance(ctx, input));
        process.stdout.write(`scheduled ${describePost(post)} from ${formatTime(post.startsAt)} to ${formatTime(post.endsAt ?? startsAt + duration)}\n`);
      }),
    );
}

function noPage(page: string, config: Config): TocsinError {
  return new TocsinError(
    'not_found',
    `no status page "${page}" in the config (pages: ${config.status_pages.map((p) => p.slug).join(', ') || 'none configured'})`,
  );
}

function whoAmI(): string {
  try {
    return process.env.USER || userInfo().username;
  } catch {
    return 'unknown user';
  }
}
