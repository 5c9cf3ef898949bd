import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { interpolate, substitute } from './interpolate.js';

describe('substitute', () => {
  const env = { SLACK_URL: 'https://hooks.slack.com/T0/B0/x', EMPTY: '', TOKEN: 'abc: #def' };

  it.each([
    ['${SLACK_URL}', 'https://hooks.slack.com/T0/B0/x'],
    ['Bearer ${TOKEN}', 'Bearer abc: #def'],
    ['${EMPTY}', ''],
    ['$${SLACK_URL}', '${SLACK_URL}'],
    ['cost $5 and $HOME', 'cost $5 and $HOME'],
    ['${SLACK_URL}${TOKEN}', 'https://hooks.slack.com/T0/B0/xabc: #def'],
  ])('turns %s into %s', (raw, expected) => {
    const problems: string[] = [];
    expect(substitute(raw, env, (message) => problems.push(message))).toBe(expected);
    expect(problems).toEqual([]);
  });

  it('names a variable that is not set', () => {
    const problems: string[] = [];
    substitute('x ${NOPE} ${ALSO_NOPE}', env, (message) => problems.push(message));
    expect(problems).toEqual(['environment variable NOPE is not set', 'environment variable ALSO_NOPE is not set']);
  });

  it('explains a ${ that is not a reference', () => {
    const problems: string[] = [];
    substitute('echo ${HOME:-/root}', env, (message) => problems.push(message));
    expect(problems[0]).toMatch(/write \$\$\{ for a literal \$\{/);
  });
});

describe('interpolate', () => {
  it('replaces values but not keys, and leaves YAML-special characters harmless', () => {
    const doc = parseDocument('${KEY}: ${VALUE}\nlist: [a, "${VALUE}"]\n');
    const { substitutions, problems } = interpolate(doc, { KEY: 'k', VALUE: 'a: b # c' });
    expect(problems).toEqual([]);
    expect(doc.toJS()).toEqual({ '${KEY}': 'a: b # c', list: ['a', 'a: b # c'] });
    expect(substitutions.map((s) => s.at)).toEqual([['${KEY}'], ['list', 1]]);
  });

  it('reports the path of a missing variable', () => {
    const doc = parseDocument('channels:\n  pager:\n    routing_key: ${PD_KEY}\n');
    const { problems } = interpolate(doc, {});
    expect(problems.map(({ at, message }) => ({ at, message }))).toEqual([
      { at: ['channels', 'pager', 'routing_key'], message: 'environment variable PD_KEY is not set' },
    ]);
  });
});
