/** The YAML side of loading: parse keeping node positions, and find the node behind a path. */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  doc: Document.Parsed;
  lines: LineCounter;
  /** Syntax errors, duplicate keys …: one per error, already in words. */
  errors: { position: Position; message: string }[];
}

const MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate key: each key may appear once in a mapping',
  MULTIPLE_DOCS: 'more than one YAML document (---); expected exactly one',
  TAB_AS_INDENT: 'tab used for indentation; YAML indents with spaces',
};

export function readYaml(text: string): YamlSource {
  const lines = new LineCounter();
  // merge: `<<: *defaults` is how people share settings between monitors.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const errors = doc.errors.map((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return { position: { line, column: col }, message: MESSAGES[error.code] ?? firstLine(error.message) };
  });
  return { doc, lines, errors };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/^./, (c) => c.toLowerCase());
}

/**
 * Where the value at `at` is written; the key itself when `onKey`. A path that stops early
 * (a missing key) points at the closest enclosing node, which is where the key belongs.
 */
export function locate(source: YamlSource, at: readonly (string | number)[], onKey = false): Position {
  let current: unknown = source.doc.contents;
  let best: Node | undefined = isNode(current) ? current : undefined;
  for (const [index, segment] of at.entries()) {
    if (isAlias(current)) current = current.resolve(source.doc);
    const last = index === at.length - 1;
    if (isMap(current)) {
      const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      if (last && onKey && isNode(pair.key)) return position(source, pair.key);
      best = isNode(pair.value) && pair.value.range ? pair.value : isNode(pair.key) ? pair.key : best;
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (!isNode(item)) break;
      best = item;
      current = item;
    } else {
      break;
    }
  }
  return best ? position(source, best) : { line: 1, column: 1 };
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function position(source: YamlSource, node: Node): Position {
  const { line, col } = source.lines.linePos(node.range?.[0] ?? 0);
  return { line, column: col };
}
