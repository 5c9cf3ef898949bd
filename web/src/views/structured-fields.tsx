/**
 * One nested setting as fields: an object as a fieldset of its conditions, a record (request headers,
 * Redis INFO limits) as name/value rows to add and remove, a list as comma-separated text. Hidden
 * header values read back masked stay hidden and are kept on save unless typed again.
 */
import { isSecretName } from '../secret-names.js';
import { MASK, emptyForm, problemAt, shapeOf, keyPath, type FormValue, type JsonSchema, type Row } from '../structured.js';
import { Field, value as typed } from '../parts/form.js';

interface Props {
  name: string;
  schema: JsonSchema;
  path: string;
  form: FormValue;
  problems: Record<string, string>;
  disabled?: boolean;
  /** What applies while a field is left empty (defaults.alert's thresholds), shown as its placeholder; durations as text. */
  inherited?: unknown;
  onChange(form: FormValue): void;
}

/** "3 (inherited from defaults)" for an empty field that takes the default. */
function inheritedText(value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  return `${String(value)} (inherited from defaults)`;
}
const inside = (value: unknown, key: string): unknown =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;

const idOf = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
const words = (key: string) => key.replaceAll('_', ' ');

export function StructuredField({ name, schema, path, form, problems, disabled, inherited, onChange }: Props) {
  const shape = shapeOf(schema);
  const error = problemAt(problems, path);
  if (shape.kind === 'object') {
    const record = (form && typeof form === 'object' && !Array.isArray(form) ? form : {}) as Record<string, FormValue>;
    return (
      <fieldset class="nested" data-field={path}>
        <legend>{words(name)}</legend>
        {schema.description && <p class="hint">{schema.description}</p>}
        {error && (
          <p class="error-text" role="alert">
            {error}
          </p>
        )}
        {shape.fields.map(([key, inner]) => (
          <StructuredField
            key={key}
            name={key}
            schema={inner}
            path={`${path}.${key}`}
            form={record[key] ?? emptyForm(inner)}
            problems={problems}
            disabled={disabled}
            inherited={inside(inherited, key)}
            onChange={(v) => onChange({ ...record, [key]: v })}
          />
        ))}
      </fieldset>
    );
  }
  if (shape.kind === 'record')
    return <Rows name={name} schema={shape.value} path={path} rows={Array.isArray(form) ? form : []} {...{ problems, disabled, onChange }} />;
  const id = idOf(path);
  const hint = [
    schema.description,
    shape.kind === 'list' ? 'separated by commas' : undefined,
    shape.kind === 'scalar' ? 'true, false, a number, or text' : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  if (shape.kind === 'boolean') {
    return (
      <label class={`check${error ? ' invalid' : ''}`}>
        <input id={id} name={path} type="checkbox" checked={form === true} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} />
        {words(name)}
        {error && <span class="error-text">{error}</span>}
      </label>
    );
  }
  const text = typeof form === 'string' ? form : '';
  const placeholder = inheritedText(inherited);
  return (
    <Field label={`${words(name)} (optional)`} error={error} hint={hint}>
      {shape.kind === 'choice' ? (
        <select id={id} name={path} value={text} disabled={disabled} onChange={(e) => onChange(typed(e))}>
          <option value="">{inherited !== undefined && typeof inherited !== 'object' ? `— ${String(inherited)} (default)` : '—'}</option>
          {shape.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={path}
          type="text"
          inputMode={shape.kind === 'number' ? 'decimal' : undefined}
          value={text}
          placeholder={placeholder}
          disabled={disabled}
          aria-invalid={!!error}
          onInput={(e) => onChange(typed(e))}
        />
      )}
    </Field>
  );
}

/** Name/value rows; a value whose name says it is a credential is typed into a password box. */
function Rows({ name, schema, path, rows, problems, disabled, onChange }: Omit<Props, 'form'> & { rows: Row[] }) {
  const scalar = shapeOf(schema).kind !== 'object';
  const change = (index: number, patch: Partial<Row>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const what = name === 'headers' ? 'header' : 'field';
  return (
    <fieldset class="nested rows" data-field={path}>
      <legend>{words(name)}</legend>
      {schema.description && <p class="hint">{schema.description}</p>}
      {rows.length === 0 && <p class="muted small">None.</p>}
      {rows.map((row, i) => {
        const at = row.key.trim() ? keyPath(path, row.key.trim()) : `${path}[${i}]`;
        const error = problemAt(problems, at) ?? problemAt(problems, `${path}[${i}]`);
        const hidden = typeof row.value === 'string' && (row.value.includes(MASK) || isSecretName(row.key));
        const kept = typeof row.value === 'string' && row.value.includes(MASK);
        return (
          <div class={`kv-row${error ? ' invalid' : ''}`} key={i} data-row={i}>
            <label class="field">
              <span class="label">{what} name</span>
              <input name={`${path}.name`} value={row.key} disabled={disabled} aria-invalid={!!error} onInput={(e) => change(i, { key: typed(e) })} />
            </label>
            {scalar ? (
              <label class="field">
                <span class="label">value</span>
                <input
                  name={`${path}.value`}
                  // Preact types each input type apart; either is a text box here.
                  {...({ type: hidden ? 'password' : 'text' } as Record<string, string>)}
                  autocomplete="off"
                  value={kept ? '' : String(row.value)}
                  placeholder={kept ? 'hidden, kept as it is; type to replace' : ''}
                  disabled={disabled}
                  aria-invalid={!!error}
                  onInput={(e) => change(i, { value: typed(e) })}
                />
              </label>
            ) : (
              <StructuredField
                name={row.key || `${what} ${i + 1}`}
                schema={schema}
                path={at}
                form={row.value}
                problems={problems}
                disabled={disabled}
                onChange={(v) => change(i, { value: v })}
              />
            )}
            <button
              type="button"
              class="remove"
              disabled={disabled}
              aria-label={`Remove ${what} ${row.key || i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
            {error && (
              <span class="error-text" role="alert">
                {error}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" disabled={disabled} onClick={() => onChange([...rows, { key: '', value: emptyForm(schema) }])}>
        Add {what}
      </button>
    </fieldset>
  );
}
