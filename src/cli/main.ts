#!/usr/bin/env node
import { CommanderError } from 'commander';
import { TocsinError, exitCodeOf } from '../lib/errors.js';
import { COMMANDS, listCommands, rootProgram, type Register } from './command-table.js';

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

const program = rootProgram();
if (isSupervisor(process.argv.slice(2))) {
  const { compilersOff, compilersSetByHand } = await import('../engine/compilers.js');
  if (!compilersSetByHand(process.execArgv)) compilersOff();
}

try {
  const loads = modulesFor(process.argv.slice(2));
  if (loads === 'table') listCommands(program);
  else for (const load of loads) (await load())(program);
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}

/**
 * The modules a command line needs: the one its command names (also after `help`), or none for
 * `--version`. Anything else (help, a misspelt command) is answered from the command table, whose
 * names and descriptions commander lists and suggests from as it would from the commands themselves.
 * Commander still parses the whole line; a word misread here only costs loading more or less, never
 * running a command without its module.
 */
function modulesFor(args: readonly string[]): Array<() => Promise<Register>> | 'table' {
  const [first, second] = commandWords(args);
  const named = (name: string | undefined) => COMMANDS.find((c) => c.name === name);
  const command = named(first) ?? (first === 'help' ? named(second) : undefined);
  if (command) return [command.load];
  if (first === undefined && args.some((arg) => arg === '-V' || arg === '--version')) return [];
  return 'table';
}

/**
 * `tocsin start` under its supervisor, which runs until tocsin stops: without V8's optimizing
 * compilers from its first moment, for a small install (src/engine/compilers.ts); the code they
 * would have compiled during the start-up stays resident otherwise. A command word misread here
 * only runs that command a little slower.
 */
function isSupervisor(args: readonly string[]): boolean {
  return commandWords(args)[0] === 'start' && !args.includes('--no-supervisor');
}

/** The first two words that are not options: `-c`/`--config` is the one global option taking a value. */
function commandWords(args: readonly string[]): Array<string | undefined> {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    if (args[i] === '-c' || args[i] === '--config') i += 1;
    else if (!args[i]!.startsWith('-')) words.push(args[i]!);
  }
  return [words[0], words[1]];
}

/** Errors leave as one readable message and a documented exit code, never a stack trace. */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof TocsinError) {
    process.stderr.write(`tocsin: ${error.message}\n`);
    return exitCodeOf(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tocsin: ${message}\n`);
  return 1;
}

/**
 * `tocsin status | head -1`: the reader went away, which is no error of ours. Stop quietly with the
 * status already decided rather than die on EPIPE with a stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
