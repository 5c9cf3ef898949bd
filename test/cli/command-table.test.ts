/**
 * `tocsin --help` lists the commands from a table instead of loading every command's module: the
 * table must say what the modules themselves say, or the help would drift from the commands.
 */
import type { Command } from 'commander';
import { expect, it } from 'vitest';
import { COMMANDS, listCommands, rootProgram } from '../../src/cli/command-table.js';

async function withEveryModule(): Promise<Command> {
  const program = rootProgram();
  for (const load of new Set(COMMANDS.map((c) => c.load))) (await load())(program);
  return program;
}

it('lists every command with the name, arguments and description its module gives, in the same help', async () => {
  const full = await withEveryModule();
  const listed = rootProgram();
  listCommands(listed);
  const help = full.createHelp();
  expect(COMMANDS.map((c) => [c.term, c.description])).toEqual(full.commands.map((cmd) => [help.subcommandTerm(cmd), cmd.description()]));
  expect(listed.helpInformation()).toBe(full.helpInformation());
}, 60_000);

it('has one entry per name, and incident and maintenance share their module', () => {
  expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  const load = (name: string) => COMMANDS.find((c) => c.name === name)?.load;
  expect(load('incident')).toBe(load('maintenance'));
});
