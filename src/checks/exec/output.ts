/**
 * Splits Nagios plugin output (plugin API, Nagios 3+):
 *
 *   TEXT OUTPUT | OPTIONAL PERFDATA
 *   LONG TEXT LINE 1
 *   LONG TEXT LINE 2 | PERFDATA LINE 2
 *   PERFDATA LINE 3
 *
 * The first line's `|` separates the status text from its perfdata; in the
 * lines after it, the first `|` starts perfdata that runs to the end.
 */
export interface PluginOutput {
  /** The status text: the first line before `|`, trimmed. */
  text: string;
  /** Lines after the first, before any perfdata. */
  longText: string;
  /** All perfdata, first line's and long text's, separated by a space. */
  perfdata: string;
}

export function splitPluginOutput(stdout: string): PluginOutput {
  const newline = stdout.indexOf('\n');
  const first = newline === -1 ? stdout : stdout.slice(0, newline);
  const rest = newline === -1 ? '' : stdout.slice(newline + 1);
  const [text, firstPerf] = splitAtPipe(first);
  const [longText, restPerf] = splitAtPipe(rest);
  return {
    text: text.trim(),
    longText: longText.trim(),
    perfdata: [firstPerf, restPerf]
      .map((part) => part.trim())
      .filter(Boolean)
      .join(' '),
  };
}

function splitAtPipe(text: string): [before: string, after: string] {
  const pipe = text.indexOf('|');
  return pipe === -1 ? [text, ''] : [text.slice(0, pipe), text.slice(pipe + 1)];
}
