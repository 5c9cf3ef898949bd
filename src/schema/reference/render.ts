/**
 * docs/config.md, generated from the one zod schema: every key with its type, default, an example
 * and its sentence. Examples come from the configs in examples/, so they are values that validate.
 */
import { z } from 'zod';
import { configSchema } from '../config.js';
import { exampleOfType, inline, valuesAt } from './examples.js';
import { sections, type KeyDoc, type Section } from './walk.js';

const INTRO = `# Configuration reference

<!-- Generated from the schema (src/schema/) by \`npm run docs:config\`; edit the schema's descriptions, not this file. -->

tocsin reads one YAML file (\`-c FILE\`, \`$TOCSIN_CONFIG\` or \`./tocsin.yaml\`). Every section is optional;
an empty file is a valid config that monitors nothing. \`\${NAME}\` anywhere in a value is replaced by
the environment variable NAME (an unset one is an error naming it; \`$\${\` writes a literal \`\${\`), so
secrets stay out of the file.
\`tocsin validate\` lists every problem with its line; \`tocsin schema\` prints the same rules as JSON Schema
for editors. Complete configs to start from: [examples/](../examples/).

Kinds of values: a **duration** is a number and a unit, \`500ms\`, \`30s\`, \`10m\`, \`2h\`, \`7d\`, \`1w\`, or
several (\`1h30m\`); a **size** is a number and \`B\`, \`kB\`, \`MB\`, \`GB\`, \`KiB\`, \`MiB\` or \`GiB\`; an
**id** is lowercase letters, digits, \`-\` and \`_\`, starting with a letter or digit, at most 100.
In the paths below, \`[]\` is any item of a list and \`<id>\` or \`<name>\` any key of a map.
A key marked **required** must be written; the others may be left out.
`;

export function configReference(examples: unknown[]): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const all = shareCommonMonitorKeys(sections(schema));
  const contents = all.map((s) => `- [${s.title}](#${anchor(s.title)})`).join('\n');
  return `${INTRO}\n## Contents\n\n${contents}\n\n${all.map((s) => renderSection(s, examples)).join('\n')}`;
}

/**
 * Every monitor type repeats the common fields (id, interval, alert…): list them once, under
 * "monitors", and leave each type's section with only its own settings.
 */
function shareCommonMonitorKeys(list: Section[]): Section[] {
  const types = list.filter((s) => s.title.startsWith('monitors: '));
  if (types.length === 0) return list;
  const shared = (key: KeyDoc) =>
    key.path !== 'monitors[].type' && types.every((t) => t.keys.some((k) => k.path === key.path && k.description === key.description && k.type === key.type));
  const common = types[0]!.keys.filter(shared).map((k) => ({ ...k, lookup: k.lookup.filter((step) => !('where' in step)) }));
  const isCommon = new Set(common.map((k) => k.path));
  return list.map((s) => {
    if (s.title === 'monitors') return { ...s, keys: [...s.keys, ...common] };
    if (types.includes(s)) return { ...s, keys: s.keys.filter((k) => !isCommon.has(k.path)) };
    return s;
  });
}

function renderSection(section: Section, examples: unknown[]): string {
  const [head, ...rest] = section.keys;
  const lead = head && !head.path.includes('.') && !head.path.includes('[') ? head : undefined;
  const rows = (lead ? rest : section.keys).map((key) => row(key, examples));
  const sentence = lead?.description ? `${sentenceOf(lead.description)}\n\n` : '';
  const table = rows.length ? `| key | type | default | example | description |\n|---|---|---|---|---|\n${rows.join('\n')}\n` : '';
  return `## ${section.title}\n\n${sentence}${table}`;
}

function row(key: KeyDoc, examples: unknown[]): string {
  const found = examples.flatMap((config) => valuesAt(config, key.lookup))[0];
  const example = found !== undefined ? inline(found) : key.examples?.length ? inline(key.examples[0]) : exampleOfType(key.type);
  const fallback = key.required ? '**required**' : key.default !== undefined ? code(inline(key.default)) : '—';
  return `| ${code(key.path)} | ${cell(key.type)} | ${fallback} | ${example === undefined ? '—' : code(example)} | ${cell(key.description ? sentenceOf(key.description) : '')} |`;
}

function sentenceOf(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Inline code that survives a table cell: no pipes, no newlines, backticks fenced by a longer run. */
function code(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
  const fence = flat.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${flat}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

/** GitHub's heading anchors: lowercase, spaces to dashes, punctuation dropped. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}
