/**
 * `tocsin incident …` for response incidents (incident.ts keeps the status-page posts): open one,
 * change its state and people, add notes, show its timeline, write its post-mortem, track its action
 * items. Every write goes through the same verbs as the API, audited as the person at the terminal.
 */
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { span, utc } from '../../core/incident/postmortem.js';
import { severityName, type ActionItemState, type IncidentState, type ResponseIncident, type Severity } from '../../core/incident/types.js';
import { probeTargetPolicy } from '../../core/targets/policy.js';
import { configPath } from '../../config/file.js';
import { TocsinError } from '../../lib/errors.js';
import type { Config } from '../../schema/config.js';
import { addActionItem, changeActionItem } from '../../services/incident-actions.js';
import { incidentView, mailPostmortem, postmortemOf, publishOnPage, readTemplate, type IncidentView } from '../../services/incident-postmortem.js';
import { INCIDENTS_CHANGED_PATH, nudgeEngine } from '../../services/ack-nudge.js';
import { changeAndAnnounce, publicUpdatesOf, type PublicUpdate } from '../../services/incident-public.js';
import { listResponseIncidents } from '../../services/incident-list.js';
import { addNote, openByHand, settlePostmortem, type IncidentChange, type IncidentContext } from '../../services/incident-response.js';
import type { Db } from '../../store/schema.js';
import { withConfigStore } from '../store.js';

type By = { by?: string };
/** --public <text> replaces the wording of the status page update; --no-public posts none. */
type Public = { public?: string | boolean };
const collect = (value: string, previous: string[] = []) => [...previous, value];

function context(db: Db, o: By): IncidentContext {
  return { db, now: Date.now(), actor: { kind: 'cli', label: o.by ?? whoAmI() } };
}

/** A write is followed by a nudge, so the running tocsin shows it within a second rather than at its next reload. */
function run(command: Command, access: 'read' | 'write', work: (db: Db, config: Config) => Promise<void>): Promise<void> {
  return withConfigStore(command, access, async (store, config) => {
    await work(store.db, config);
    if (access === 'write') await nudgeEngine(store.db, 2000, INCIDENTS_CHANGED_PATH);
  });
}

export function severityArgument(text: string): Severity {
  const n = Number(text.replace(/^sev/i, ''));
  if (![1, 2, 3, 4].includes(n)) throw new InvalidArgumentError('expected 1 to 4 (SEV1 is the worst).');
  return n as Severity;
}

export function dayArgument(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T23:59:59.999Z`) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError('expected a day such as 2026-12-31.');
  return ms;
}

export function describeIncident(i: ResponseIncident): string {
  const who = i.commander ? ` · commander ${i.commander}` : '';
  const monitors = i.monitors.length ? ` · monitors ${i.monitors.join(', ')}` : '';
  const closed = i.state === 'resolved' ? ` · post-mortem ${i.postmortem}` : '';
  return `${i.id} ${severityName(i.severity)} ${i.state}: "${i.title}"${who}${monitors}${closed}`;
}

/** Opens a response incident: `tocsin incident open "Mirrors slow" --sev 2` (without --title, which makes a status-page post). */
export async function openResponse(command: Command, title: string, o: By & { sev?: Severity; commander?: string; component?: string[] }): Promise<void> {
  await run(command, 'write', async (db) => {
    const incident = await openByHand(context(db, o), {
      title,
      severity: o.sev ?? 3,
      ...(o.commander !== undefined && { commander: o.commander }),
      ...(o.component !== undefined && { components: o.component }),
    });
    process.stdout.write(`opened ${describeIncident(incident)}\nadd notes with: tocsin incident note ${incident.id} "…"\n`);
  });
}

export function registerResponseCommands(incident: Command): void {
  incident
    .command('note <id> <text>')
    .option('--by <name>', 'who writes it (default: your user name)')
    .description("add a note to a response incident's timeline")
    .action(async (id: string, text: string, o: By, command: Command) =>
      run(command, 'write', async (db) => {
        await addNote(context(db, o), id, text);
        process.stdout.write(`noted on ${id}\n`);
      }),
    );
  for (const state of ['identified', 'monitoring', 'resolved'] as const) {
    const verb = state === 'resolved' ? 'resolve' : state === 'identified' ? 'identify' : 'monitor';
    incident
      .command(`${verb} <id>`)
      .option('--by <name>', 'who does it (default: your user name)')
      .option('--note <text>', 'a note to add with it (internal: never on the status page)')
      .option('--public <text>', 'the update posted on the linked status page posts, instead of incidents.public_wording')
      .option('--no-public', 'post no update on the linked status page posts')
      .description(`move a response incident to ${state}; linked status page posts get a public update`)
      .action(async (id: string, o: By & Public & { note?: string }, command: Command) => change(command, id, o, { state }, o.note));
  }
  incident
    .command('set <id>')
    .option('--by <name>', 'who does it (default: your user name)')
    .option('--sev <n>', 'severity 1 to 4', severityArgument)
    .option('--title <text>', 'a new title')
    .option('--state <state>', 'investigating, identified, monitoring or resolved')
    .option('--commander <name>', 'the incident commander')
    .option('--participant <name>', 'someone in the response (repeat for several)', collect)
    .option('--link <label=url>', 'a link: chat room, ticket, graph (repeat for several)', collect)
    .option('--component <name>', 'affected components, replacing the list (repeat for several)', collect)
    .option('--post <id>', 'a status page post this incident publishes to (repeat for several)', collect)
    .option('--public <text>', 'with --state: the update posted on the linked status page posts, instead of incidents.public_wording')
    .option('--no-public', 'with --state: post no update on the linked status page posts')
    .option('--summary <text>', 'post-mortem: summary')
    .option('--root-cause <text>', 'post-mortem: root cause')
    .option('--trigger <text>', 'post-mortem: trigger')
    .option('--went-well <text>', 'post-mortem: what went well')
    .option('--went-badly <text>', 'post-mortem: what went badly')
    .option('--lucky <text>', 'post-mortem: where we got lucky')
    .description('change a response incident: severity, people, links, components, posts, post-mortem sections')
    .action(async (id: string, o: SetOptions, command: Command) => change(command, id, o, changeOf(o)));
  incident
    .command('show <id>')
    .option('--json', 'print as JSON')
    .description('a response incident with its timeline (UTC), times and action items')
    .action(async (id: string, o: { json?: boolean }, command: Command) =>
      run(command, 'read', async (db) => {
        const view = await incidentView(db, id, Date.now());
        process.stdout.write(o.json ? JSON.stringify(view, null, 2) + '\n' : showView(view));
      }),
    );
  incident
    .command('postmortem <id>')
    .option('--html', 'HTML instead of Markdown')
    .option('--out <file>', 'write it to a file instead of printing it')
    .option('--mail <channel>', 'send it through an email channel')
    .option('--publish <page>', 'publish it on a status page (closes the incident)')
    .option('--waive <reason>', 'close the incident without a post-mortem, saying why')
    .option('--by <name>', 'who publishes or waives it (default: your user name)')
    .description('the post-mortem draft of a response incident, from incidents.postmortem_template or the built-in one')
    .action(async (id: string, o: PostmortemOptions, command: Command) => postmortem(command, id, o));
  const action = incident.command('action').description('action items of response incidents');
  action
    .command('add <id> <title>')
    .option('--owner <name>', 'who does it')
    .option('--due <day>', 'by when, e.g. 2026-12-31', dayArgument)
    .option('--link <url>', 'where the work is tracked')
    .option('--by <name>', 'who adds it (default: your user name)')
    .description('add an action item to an incident')
    .action(async (id: string, title: string, o: By & { owner?: string; due?: number; link?: string }, command: Command) =>
      run(command, 'write', async (db) => {
        const item = await addActionItem(context(db, o), id, {
          title,
          ...(o.owner !== undefined && { owner: o.owner }),
          ...(o.due !== undefined && { dueAt: o.due }),
          ...(o.link !== undefined && { link: o.link }),
        });
        process.stdout.write(`added action item ${item.id}: ${item.title}\n`);
      }),
    );
  action
    .command('set <item>')
    .option('--state <state>', 'open, done or wontfix')
    .option('--owner <name>', 'who does it')
    .option('--due <day>', 'by when, e.g. 2026-12-31', dayArgument)
    .option('--link <url>', 'where the work is tracked')
    .option('--by <name>', 'who changes it (default: your user name)')
    .description('change an action item')
    .action(async (item: string, o: By & { state?: string; owner?: string; due?: number; link?: string }, command: Command) =>
      run(command, 'write', async (db) => {
        const changed = await changeActionItem(context(db, o), item, {
          ...(o.state !== undefined && { state: o.state as ActionItemState }),
          ...(o.owner !== undefined && { owner: o.owner }),
          ...(o.due !== undefined && { dueAt: o.due }),
          ...(o.link !== undefined && { link: o.link }),
        });
        process.stdout.write(`action item ${changed.id} is ${changed.state}: ${changed.title}\n`);
      }),
    );
}

/** A damaged row is listed without the part that does not read; the warning goes to stderr, away from --json. */
export const stderrWarnings = { warn: (_detail: object, message: string) => void process.stderr.write(`warning: ${message}\n`) };

/** `tocsin incident list` without a page: response incidents. */
export async function listResponse(command: Command, o: { json?: boolean; open?: boolean }): Promise<void> {
  await run(command, 'read', async (db) => {
    const incidents = await listResponseIncidents(db, stderrWarnings, { unresolved: o.open === true, limit: 100 });
    if (o.json) process.stdout.write(JSON.stringify({ incidents }, null, 2) + '\n');
    else process.stdout.write(incidents.length ? incidents.map((i) => `${utc(i.openedAt)}  ${describeIncident(i)}\n`).join('') : 'no response incidents\n');
  });
}

interface SetOptions extends By, Public {
  sev?: Severity;
  title?: string;
  state?: string;
  commander?: string;
  participant?: string[];
  link?: string[];
  component?: string[];
  post?: string[];
  summary?: string;
  rootCause?: string;
  trigger?: string;
  wentWell?: string;
  wentBadly?: string;
  lucky?: string;
}

function changeOf(o: SetOptions): IncidentChange {
  const analysis = Object.fromEntries(
    (
      [
        ['summary', o.summary],
        ['root_cause', o.rootCause],
        ['trigger', o.trigger],
        ['went_well', o.wentWell],
        ['went_badly', o.wentBadly],
        ['lucky', o.lucky],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  return {
    ...(o.sev !== undefined && { severity: o.sev }),
    ...(o.title !== undefined && { title: o.title }),
    ...(o.state !== undefined && { state: o.state as IncidentState }),
    ...(o.commander !== undefined && { commander: o.commander }),
    ...(o.participant !== undefined && { addParticipants: o.participant }),
    ...(o.link !== undefined && { addLinks: o.link.map(linkOf) }),
    ...(o.component !== undefined && { components: o.component }),
    ...(o.post !== undefined && { addPosts: o.post }),
    ...(Object.keys(analysis).length > 0 && { analysis }),
  };
}

function linkOf(text: string): { label: string; url: string } {
  const at = text.indexOf('=');
  if (at <= 0) throw new TocsinError('invalid_input', `--link must be label=url, such as chat=https://chat.example.org/room, got "${text}"`, { field: 'link' });
  return { label: text.slice(0, at), url: text.slice(at + 1) };
}

async function change(command: Command, id: string, o: By & Public, what: IncidentChange, note?: string): Promise<void> {
  await run(command, 'write', async (db, config) => {
    const ctx = context(db, o);
    if (note !== undefined) await addNote(ctx, id, note);
    const words: PublicUpdate = o.public === false ? false : typeof o.public === 'string' ? o.public : undefined;
    const announce = { ...ctx, pages: config.status_pages, publicUpdates: publicUpdatesOf(config) };
    const { incident, posts } = await changeAndAnnounce(announce, id, what, words);
    for (const post of posts) process.stdout.write(`status page "${post.page}" updated: ${post.status}\n`);
    process.stdout.write(`${describeIncident(incident)}\n`);
    if (what.state === 'resolved') process.stdout.write(`write the post-mortem with: tocsin incident postmortem ${id} --out postmortem.md\n`);
  });
}

interface PostmortemOptions extends By {
  html?: boolean;
  out?: string;
  mail?: string;
  publish?: string;
  waive?: string;
}

async function postmortem(command: Command, id: string, o: PostmortemOptions): Promise<void> {
  const file = configPath(command.optsWithGlobals<{ config?: string }>().config);
  await run(command, o.publish || o.waive ? 'write' : 'read', async (db, config) => {
    const ctx = context(db, o);
    if (o.waive !== undefined) {
      const incident = await settlePostmortem(ctx, id, 'waived', o.waive);
      return void process.stdout.write(`${describeIncident(incident)}\n`);
    }
    const draft = await postmortemOf(db, id, ctx.now, await readTemplate(config.incidents?.postmortem_template, dirname(file)));
    if (o.mail !== undefined) {
      const sent = await mailPostmortem(config.channels, o.mail, draft, ctx.now, probeTargetPolicy(config.server.probe_targets));
      if (!sent.ok) throw new TocsinError('unavailable', sent.line);
      return void process.stdout.write(`${sent.line}\n`);
    }
    if (o.publish !== undefined) {
      const incident = await publishOnPage({ ...ctx, pages: config.status_pages }, id, o.publish, draft);
      return void process.stdout.write(`published on "${o.publish}": ${describeIncident(incident)}\n`);
    }
    const text = o.html ? draft.html : draft.markdown;
    if (o.out === undefined) return void process.stdout.write(text);
    await writeFile(o.out, text);
    process.stdout.write(`wrote ${o.out}\n`);
  });
}

function showView(view: IncidentView): string {
  const { incident, times } = view;
  const lines = [
    describeIncident(incident),
    `started ${utc(times.startedAt)} · detected after ${span(times.toDetectMs)} · acknowledged ${
      times.toAcknowledgeMs === null ? 'not yet' : `after ${span(times.toAcknowledgeMs)}`
    } · recovered ${times.toRecoverMs === null ? 'not yet' : `after ${span(times.toRecoverMs)}`}${view.closed ? ' · closed' : ''}`,
    '',
    'timeline (UTC):',
    ...view.timeline.map((e) => `  ${utc(e.at)}  ${e.text}${e.by ? ` — ${e.by}` : ''}`),
  ];
  if (view.actionItems.length > 0)
    lines.push('', 'action items:', ...view.actionItems.map((a) => `  ${a.id} [${a.state}] ${a.title}${a.owner ? ` — ${a.owner}` : ''}`));
  return lines.join('\n') + '\n';
}

function whoAmI(): string {
  try {
    return process.env.USER || userInfo().username;
  } catch {
    return 'unknown user';
  }
}
