import type { Status } from '../../core/types.js';
import { splitPluginOutput } from './output.js';
import { parsePerfdata, perfdataMetrics, perfdataUnits } from './perfdata.js';
import type { ProcessOutcome } from './process.js';

export interface ExecVerdict {
  status: Status;
  message: string;
  metrics?: Record<string, number>;
  perfdataUnits?: Record<string, string>;
}

/** Plugin API exit codes; anything else is treated as UNKNOWN. */
const NAGIOS: Record<number, { status: Status; word: string }> = {
  0: { status: 'up', word: 'OK' },
  1: { status: 'degraded', word: 'WARNING' },
  2: { status: 'down', word: 'CRITICAL' },
};

const MAX_TEXT = 300;

/** Decides status and message from what running `program` produced. Pure. */
export function judgeExec(program: string, outcome: ProcessOutcome): ExecVerdict {
  const name = program.split('/').pop() || program;
  switch (outcome.kind) {
    case 'spawnFailed':
      return { status: 'down', message: spawnFailure(program, outcome) };
    case 'aborted':
      return { status: 'down', message: `${outcome.reason}; stopped ${name} and its process group` };
    case 'noSlot':
      return { status: 'unknown', message: `${name} never started: ${outcome.reason}` };
    case 'exited':
      return judgeExit(name, outcome);
  }
}

function spawnFailure(program: string, outcome: Extract<ProcessOutcome, { kind: 'spawnFailed' }>): string {
  if (outcome.errno === 'ENOENT' && outcome.cwdMissing) return `${program}: working directory ${outcome.cwd} does not exist`;
  if (outcome.errno === 'ENOENT' && !program.includes('/')) return `${program}: not found in PATH; give its full path, e.g. /usr/lib/nagios/plugins/${program}`;
  if (outcome.errno === 'ENOENT') return `${program}: no such file`;
  if (outcome.errno === 'EACCES') return `${program}: permission denied (is it executable?)`;
  return `${program}: could not start (${outcome.errno}: ${outcome.detail})`;
}

function judgeExit(name: string, outcome: Extract<ProcessOutcome, { kind: 'exited' }>): ExecVerdict {
  // A cut-off last line could hold half a perfdata item ("size=12" of "size=12345B"): drop it.
  const lastNewline = outcome.stdout.lastIndexOf('\n');
  const stdout = outcome.truncated && lastNewline !== -1 ? outcome.stdout.slice(0, lastNewline + 1) : outcome.stdout;
  const output = splitPluginOutput(stdout);
  const text = cap(redact(output.text || firstLine(outcome.stderr)));
  const note = outcome.truncated ? ' (output truncated at 64 kB)' : '';
  const perfdata = parsePerfdata(output.perfdata);
  const metrics = perfdataMetrics(perfdata);
  const withMetrics = Object.keys(metrics).length > 0 ? { metrics, perfdataUnits: perfdataUnits(perfdata) } : {};

  if (outcome.signal !== null) {
    return { status: 'down', message: `${name} was killed by ${outcome.signal}${text ? `: ${text}` : ''}${note}`, ...withMetrics };
  }
  const known = outcome.code === null ? undefined : NAGIOS[outcome.code];
  if (known) {
    const message = text || `${name} exited ${outcome.code} (${known.word}) without printing anything`;
    return { status: known.status, message: message + note, ...withMetrics };
  }
  const said = text || `${name} printed nothing`;
  const message =
    outcome.code === 3 ? `plugin reported UNKNOWN: ${said}` : `plugin exited with code ${outcome.code}, which is not a Nagios status (0-3): ${said}`;
  return { status: 'unknown', message: message + note, ...withMetrics };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

function cap(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** Plugins echo their arguments back more often than they should; keep credentials out of alerts. */
export function redact(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, '$1***@').replace(/\b(password|passwd|pwd|token|secret)=[^\s&;,]+/gi, '$1=***');
}
