/**
 * Every top-level command by name, with the words `tocsin --help` shows for it and how to load its
 * module. Help, `help` and a misspelt command are answered from this table alone: each command's
 * module reaches the store, the server or the checks, and loading all of them to print a list cost
 * about 100 MB and seconds. test/cli/command-table.test.ts holds the table to the modules' own words.
 */
import { Command } from 'commander';
import { packageVersion } from './version.js';

export type Register = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** As the help lists it: the name, `[options]` when it takes any, its arguments. */
  term: string;
  description: string;
  load: () => Promise<Register>;
}

const incident = async () => (await import('./commands/incident.js')).registerIncident;

/** In the order `tocsin --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    term: 'start [options]',
    description: 'run tocsin: checks, alerts, HTTP server — under a supervisor that restarts a stalled engine',
    load: async () => (await import('./commands/start.js')).registerStart,
  },
  {
    name: 'validate',
    term: 'validate',
    description: 'check the config file and list every problem with its line',
    load: async () => (await import('./commands/validate.js')).registerValidate,
  },
  {
    name: 'check',
    term: 'check [options] <monitor-or-target>',
    description: 'run one check now and print its status, message and timings',
    load: async () => (await import('./commands/check.js')).registerCheck,
  },
  {
    name: 'status',
    term: 'status [options]',
    description: 'what the running tocsin is doing: is it checking, and every monitor it holds, with its state and last result',
    load: async () => (await import('./commands/status.js')).registerStatus,
  },
  {
    name: 'plan',
    term: 'plan [options]',
    description: 'show what applying the config would add, change or remove, field by field; changes nothing',
    load: async () => (await import('./commands/plan.js')).registerPlan,
  },
  {
    name: 'apply',
    term: 'apply [options]',
    description: 'apply the config file to the store in one transaction and make the running tocsin reload it',
    load: async () => (await import('./commands/apply.js')).registerApply,
  },
  {
    name: 'ack',
    term: 'ack [options] <monitor>',
    description: 'acknowledge a monitor that is down: escalation and reminders stop until it recovers',
    load: async () => (await import('./commands/ack.js')).registerAck,
  },
  { name: 'notify', term: 'notify', description: 'notification channels', load: async () => (await import('./commands/notify.js')).registerNotify },
  {
    name: 'migrate',
    term: 'migrate',
    description: 'apply pending database migrations (tocsin start does this too)',
    load: async () => (await import('./commands/migrate.js')).registerMigrate,
  },
  {
    name: 'schema',
    term: 'schema',
    description: 'print the JSON Schema of tocsin.yaml, for editor completion and checking',
    load: async () => (await import('./commands/schema.js')).registerSchema,
  },
  {
    name: 'incident',
    term: 'incident',
    description: 'response incidents (open, note, resolve, postmortem, action) and status-page posts (open --title, update, list <page>)',
    load: incident,
  },
  { name: 'maintenance', term: 'maintenance', description: 'maintenance posts on status pages', load: incident },
  {
    name: 'report',
    term: 'report [options]',
    description: 'incidents by severity; time to detect, acknowledge and recover; per monitor, tag and month; uptime per component; overdue action items',
    load: async () => (await import('./commands/report.js')).registerReport,
  },
  { name: 'runbooks', term: 'runbooks', description: "the monitors' runbooks", load: async () => (await import('./commands/runbooks.js')).registerRunbooks },
  {
    name: 'user',
    term: 'user',
    description: 'manage the people who can sign in, and their API tokens',
    load: async () => (await import('./commands/user.js')).registerUser,
  },
  {
    name: 'storage',
    term: 'storage [options]',
    description: 'how much room the database takes, how fast it grows, and what each retention setting costs',
    load: async () => (await import('./commands/storage.js')).registerStorage,
  },
  {
    name: 'backup',
    term: 'backup [options]',
    description: 'write a consistent backup of the store while tocsin runs',
    load: async () => (await import('./commands/backup.js')).registerBackup,
  },
  {
    name: 'restore',
    term: 'restore <what> [id]',
    description: 'restore a removed monitor with its history, or a backup into an empty database',
    load: async () => (await import('./commands/restore.js')).registerRestore,
  },
  {
    name: 'import',
    term: 'import',
    description: 'write a tocsin.yaml from Uptime Kuma, Gatus or Healthchecks, listing what could not be mapped',
    load: async () => (await import('./commands/import.js')).registerImport,
  },
  {
    name: 'oncall',
    term: 'oncall [options]',
    description: 'who is on call now and who is next, per schedule',
    load: async () => (await import('./commands/oncall.js')).registerOncall,
  },
  {
    name: 'agent',
    term: 'agent [options]',
    description: 'run the checks of one location for a tocsin server and post their results (a probe agent)',
    load: async () => (await import('./commands/agent.js')).registerAgent,
  },
  {
    name: 'agent-token',
    term: 'agent-token',
    description: "manage probe agents' tokens (one per agent, named by its location)",
    load: async () => (await import('./commands/agent-token.js')).registerAgentToken,
  },
];

/** `tocsin` itself, without any command: its description, version and global options. */
export function rootProgram(): Command {
  return new Command('tocsin')
    .description('Self-hosted monitoring, alerting and status pages that never fail silently.')
    .version(`tocsin ${packageVersion()}`, '-V, --version', 'print the version and exit')
    .option('-c, --config <file>', 'config file (default: $TOCSIN_CONFIG or ./tocsin.yaml)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
}

/**
 * Every command as a name and a description only, for the help to list and a misspelt name to be
 * matched against, as commander does; running one of them is never reached (its module is loaded then).
 */
export function listCommands(program: Command): void {
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  const help = program.createHelp();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? help.subcommandTerm(cmd) });
  for (const { name, description } of COMMANDS) program.command(name).description(description);
}
