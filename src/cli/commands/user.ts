/** tocsin user add | list | token: people and their API tokens, straight in the database. */
import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { TocsinError } from '../../lib/errors.js';
import type { AuditActor } from '../../services/audit.js';
import { createToken } from '../../services/tokens.js';
import { createUser, publicUser } from '../../services/users.js';
import { getUserByEmail, listUsers } from '../../store/users.js';
import { withConfigStore } from '../store.js';

/** Where the command reads the password and writes its answer; tests pass their own. */
export interface UserIo {
  password(): Promise<string>;
  out(text: string): void;
  note(text: string): void;
}

const processIo: UserIo = {
  password: readPassword,
  out: (text) => process.stdout.write(text),
  note: (text) => process.stderr.write(text),
};

export function registerUser(program: Command, io: UserIo = processIo): void {
  const user = program.command('user').description('manage the people who can sign in, and their API tokens');
  user
    .command('add <email>')
    .description('add a person; the password is asked twice on a terminal, or read from the first line of stdin')
    .option('--admin', 'make them an admin (same as --role admin)')
    .addOption(new Option('--role <role>', 'what they may do').choices(['viewer', 'editor', 'admin']).default('viewer'))
    .option('--probe-internal', 'let this editor define probes that reach inside networks (SQL, Redis, raw TCP, HTTP with headers or a body), as admins may')
    .addHelpText('after', '\nExamples:\n  tocsin user add --admin ana@example.org\n  printf "%s\\n" "$PASSWORD" | tocsin user add --role editor ci@example.org')
    .action(async (email: string, options: { admin?: boolean; role: string; probeInternal?: boolean }, command: Command) => {
      const role = options.admin ? 'admin' : options.role;
      await withConfigStore(command, 'write', async (store) => {
        const input = { email, role, password: await io.password(), probeInternal: options.probeInternal ?? false };
        const created = await createUser(store.db, input, { actor: cliActor(), now: Date.now() });
        io.out(`added ${created.role} ${created.email}${created.probe_internal ? ' (may probe inside networks)' : ''}\n`);
      });
    });
  user
    .command('list')
    .description('list the people who can sign in')
    .action(async (_options, command: Command) => {
      await withConfigStore(command, 'read', async (store) => {
        const people = (await listUsers(store.db)).map(publicUser);
        if (people.length === 0) io.out('no users yet: add the first with tocsin user add --admin <email>\n');
        for (const p of people) {
          const probes = p.probe_internal ? ' probe_internal' : '';
          io.out(`${p.email.padEnd(32)} ${p.role.padEnd(7)} ${p.totp ? '2FA' : '   '} since ${new Date(p.createdAt).toISOString().slice(0, 10)}${probes}\n`);
        }
      });
    });
  user
    .command('token <email>')
    .description('create an API token for a person and print it once (only its hash is kept)')
    .requiredOption('--name <name>', 'what the token is for, to tell it apart later')
    .addOption(new Option('--scope <scope>', 'what the token may do').choices(['read', 'write']).default('read'))
    .addHelpText('after', '\nExample:\n  tocsin user token ci@example.org --scope write --name "deploy pipeline"')
    .action(async (email: string, options: { name: string; scope: string }, command: Command) => {
      await withConfigStore(command, 'write', async (store) => {
        const owner = await getUserByEmail(store.db, email);
        if (!owner) throw new TocsinError('not_found', `no user ${email}; add them first with tocsin user add ${email}`);
        const { secret, token } = await createToken(
          store.db,
          { userId: owner.id, name: options.name, scope: options.scope },
          { actor: cliActor(), now: Date.now() },
        );
        // The secret alone on stdout, so scripts can capture it; the advice goes to stderr.
        io.out(`${secret}\n`);
        io.note(`${token.scope} token "${token.name}" for ${owner.email}: copy it now, tocsin cannot show it again\n`);
      });
    });
}

function cliActor(): AuditActor {
  let name = process.env.USER;
  try {
    name ||= userInfo().username;
  } catch {
    name ||= 'unknown';
  }
  return { kind: 'cli', label: `cli (${name})` };
}

/**
 * The password for `tocsin user add`: typed twice, unseen, on a terminal; otherwise the first line of
 * stdin, so scripts can pipe it in without it showing in `ps` as an argument would.
 */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLine(await readAll(process.stdin));
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Again: ');
  if (first !== second) throw new TocsinError('invalid_input', 'the two passwords differ; nothing was changed');
  return first;
}

export function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length === 0) throw new TocsinError('invalid_input', 'no password on stdin: pipe it in as the first line, or run on a terminal to be asked');
  return line;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.length > 4096) break;
  }
  return text;
}

/** Raw mode, so the terminal echoes nothing; handles Enter, Backspace and Ctrl-C. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0003') {
          finish();
          if (char === '\u0003') reject(new TocsinError('invalid_input', 'cancelled; nothing was changed'));
          else resolve(value);
          return;
        }
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on('data', onData);
  });
}
