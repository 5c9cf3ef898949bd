/** tocsin agent-token create | list | revoke: probe agents' tokens, straight in the database. */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { AuditActor } from '../../services/audit.js';
import { createAgentToken, revokeAgentToken } from '../../services/agent-tokens.js';
import { listAgentTokens } from '../../store/agents.js';
import { withConfigStore } from '../store.js';

export interface AgentTokenIo {
  out(text: string): void;
  note(text: string): void;
}

const processIo: AgentTokenIo = { out: (t) => process.stdout.write(t), note: (t) => process.stderr.write(t) };

export function registerAgentToken(program: Command, io: AgentTokenIo = processIo): void {
  const command = program.command('agent-token').description("manage probe agents' tokens (one per agent, named by its location)");
  command
    .command('create')
    .description('create a token for the agent of one location and print it once (only its hash is kept)')
    .requiredOption('--location <name>', 'the location the agent checks from')
    .option('--name <name>', 'to tell agents of one location apart')
    .addHelpText('after', '\nExample:\n  tocsin agent-token create --location eu-west')
    .action(async (options: { location: string; name?: string }, cmd: Command) => {
      await withConfigStore(cmd, 'write', async (store) => {
        const { secret, token } = await createAgentToken(store.db, options, { actor: cliActor(), now: Date.now() });
        io.out(`${secret}\n`);
        io.note(`agent token "${token.name}" for ${token.location} (id ${token.id}): copy it now, tocsin cannot show it again\n`);
      });
    });
  command
    .command('list')
    .description("list agents' tokens with their location and last contact")
    .action(async (_options, cmd: Command) => {
      await withConfigStore(cmd, 'read', async (store) => {
        const tokens = await listAgentTokens(store.db);
        if (tokens.length === 0) io.out('no agent tokens yet: tocsin agent-token create --location <name>\n');
        for (const t of tokens) {
          const seen = t.lastSeenAt === null ? 'never seen' : `seen ${new Date(t.lastSeenAt).toISOString()}`;
          io.out(`${t.id}  ${t.location.padEnd(16)} ${t.prefix}…  ${t.revokedAt === null ? seen : 'revoked'}  ${t.name}\n`);
        }
      });
    });
  command
    .command('revoke <id>')
    .description('revoke an agent token: the agent is refused from its next call')
    .action(async (id: string, _options, cmd: Command) => {
      await withConfigStore(cmd, 'write', async (store) => {
        const token = await revokeAgentToken(store.db, id, { actor: cliActor(), now: Date.now() });
        io.out(`revoked agent token "${token.name}" for ${token.location}\n`);
      });
    });
}

function cliActor(): AuditActor {
  let name = process.env.USER;
  try {
    name ||= userInfo().username;
  } catch {
    // No passwd entry (a container): the label says cli alone.
  }
  return { kind: 'cli', label: name ? `cli (${name})` : 'cli' };
}
