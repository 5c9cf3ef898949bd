/**
 * Parsers for option values, run by commander while it reads the command line: a bad value is
 * refused with its option named before the command opens a file, a store or a socket.
 */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../lib/duration.js';
import { listenProblem } from '../schema/listen.js';

/** "127.0.0.1:8080", "[::1]:8080": the same rule as server.listen in the config file. */
export function listenArgument(text: string): string {
  const problem = listenProblem(text);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return text;
}

/** "5s", "500ms", "2h": kept as text, since the commands format it back into messages. */
export function durationArgument(text: string): string {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('expected a duration such as 5s, 500ms or 2h.');
  return text;
}

/** An ISO 8601 time that names its zone, so "02:00" cannot mean two different moments. */
export function instantArgument(text: string): string {
  if (!/(?:Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new InvalidArgumentError('expected an ISO 8601 time with a zone such as 2026-12-05T02:00:00Z.');
  }
  return text;
}
