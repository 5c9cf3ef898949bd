import { describe, expect, it } from 'vitest';
import { firstLogLine, redactSecrets } from './log-line.js';

describe('firstLogLine', () => {
  it('takes the first non-blank line, trimmed', () => {
    expect(firstLogLine('\n\n   error: disk full  \nnext')).toBe('error: disk full');
  });

  it('has nothing to say about an empty or blank log', () => {
    expect(firstLogLine(undefined)).toBeUndefined();
    expect(firstLogLine(' \n\t\n')).toBeUndefined();
  });

  it('cuts a long line to 200 characters', () => {
    const line = firstLogLine('x'.repeat(500));
    expect(line).toHaveLength(200);
    expect(line?.endsWith('…')).toBe(true);
  });
});

describe('redactSecrets', () => {
  const cases: [string, string][] = [
    ['mysql://root:s3cret@db:3306/app', 'mysql://root:***@db:3306/app'],
    ['PGPASSWORD=hunter2 pg_dump', 'PGPASSWORD=*** pg_dump'],
    ['api_key: "abc def"', 'api_key: ***'],
    ['Authorization: Bearer eyJhbGciOi.x.y', 'Authorization: ***'],
    ['curl -H "X: y" sent bearer abc.def', 'curl -H "X: y" sent bearer ***'],
    ['copied 3 files to /backup', 'copied 3 files to /backup'],
  ];
  for (const [input, output] of cases) {
    it(`masks ${JSON.stringify(input)}`, () => expect(redactSecrets(input)).toBe(output));
  }
});
