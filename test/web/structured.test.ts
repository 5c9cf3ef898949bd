/** The monitor form's nested fields: what was typed ⇄ what the API takes, and problems by the API's paths. */
import { describe, expect, it } from 'vitest';
import { alertJsonSchema, settingsFields } from '../../web/src/validate.js';
import { fromForm, MASK, problemAt, toForm, type JsonSchema } from '../../web/src/structured.js';

const field = (type: string, key: string) => settingsFields(type as never).find((f) => f.key === key)!;
const schemaOf = (type: string, key: string) => field(type, key).schema as JsonSchema;

describe('nested settings as fields', () => {
  it('offers fields, not JSON, for every nested setting of the http check and for alert', () => {
    expect(field('http', 'expect').kind).toBe('structured');
    expect(field('http', 'headers').kind).toBe('structured');
    for (const [type, key] of [
      ['tcp', 'expect'],
      ['dns', 'expect'],
      ['postgres', 'expect'],
      ['redis', 'info'],
      ['udp', 'expect'],
      ['websocket', 'expect'],
      ['ldap', 'search'],
      ['icmp', 'ip_version'],
    ])
      expect(field(type!, key!).kind, `${type}.${key}`).toBe('structured');
    expect(Object.keys(alertJsonSchema.properties ?? {})).toEqual(expect.arrayContaining(['down_after', 'up_after', 'remind_every', 'flap']));
  });

  it('reads http expectations back as they were written', () => {
    const schema = schemaOf('http', 'expect');
    const written = { status: [200, 204], body_contains: 'ok', json_path: { path: '$.status', equals: 'green' }, max_latency: '2s' };
    const form = toForm(schema, written);
    expect(form).toMatchObject({ status: '200, 204', body_contains: 'ok', json_path: { path: '$.status', equals: 'green' }, body_regex: '' });
    expect(fromForm(schema, form, 'expect')).toEqual({ value: written, problems: {} });
  });

  it('keeps a JSON literal typed, and text that looks like one quoted', () => {
    const schema = schemaOf('http', 'expect');
    const read = (equals: string) =>
      (fromForm(schema, { json_path: { path: '$.ok', equals } }, 'expect').value as { json_path: { equals: unknown } }).json_path.equals;
    expect(read('true')).toBe(true);
    expect(read('42')).toBe(42);
    expect(read('null')).toBe(null);
    expect(read('"42"')).toBe('42');
    expect(read('up')).toBe('up');
    expect(read('"a"b"')).toBe('"a"b"');
    expect((toForm(schema, { json_path: { path: '$', equals: '42' } }) as Record<string, Record<string, string>>).json_path!.equals).toBe('"42"');
  });

  it('names the field a typing mistake is in, as the API would', () => {
    const schema = schemaOf('http', 'expect');
    const { problems } = fromForm(schema, { status: '200, 2o4' }, 'expect');
    expect(problemAt(problems, 'expect.status')).toMatch(/2o4/);
    expect(problemAt({ 'expect.status[1]': 'expected at most 599' }, 'expect.status')).toBe('expected at most 599');
    const alert = fromForm(alertJsonSchema, { down_after: '2.5', flap: { changes: '4', within: '10m' } }, 'alert');
    expect(alert.problems['alert.down_after']).toMatch(/whole number/);
    expect(alert.value).toMatchObject({ flap: { changes: 4, within: '10m' } });
  });

  it('leaves out what was not filled in', () => {
    expect(fromForm(schemaOf('http', 'expect'), toForm(schemaOf('http', 'expect'), undefined), 'expect').value).toBeUndefined();
    expect(fromForm(alertJsonSchema, toForm(alertJsonSchema, undefined), 'alert').value).toBeUndefined();
  });

  it('turns header rows into a record and keeps a hidden value only under its own name', () => {
    const schema = schemaOf('http', 'headers');
    const form = toForm(schema, { Authorization: MASK, Accept: 'application/json' });
    expect(fromForm(schema, form, 'headers')).toEqual({ value: { Authorization: MASK, Accept: 'application/json' }, problems: {} });
    const renamed = [{ key: 'X-Token', value: MASK, readAs: 'Authorization' }];
    expect(fromForm(schema, renamed, 'headers').problems['headers.X-Token']).toMatch(/type the value again/);
    const twice = [
      { key: 'Accept', value: 'a' },
      { key: 'Accept', value: 'b' },
    ];
    expect(fromForm(schema, twice, 'headers').problems['headers.Accept']).toMatch(/twice/);
    expect(fromForm(schema, [{ key: '', value: 'x' }], 'headers').problems['headers[0]']).toMatch(/name/);
  });

  it('reads Redis INFO limits as rows of fields', () => {
    const schema = schemaOf('redis', 'info');
    const form = toForm(schema, { connected_clients: { max: 500 } });
    expect(fromForm(schema, form, 'info').value).toEqual({ connected_clients: { max: 500 } });
  });
});
