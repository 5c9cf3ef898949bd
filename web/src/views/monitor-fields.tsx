import { Field, value } from '../parts/form.js';
import type { FieldSpec } from '../validate.js';

const PLACEHOLDER: Record<string, string> = {
  url: 'https://example.org/health',
  host: 'db.example.org',
  interval: '1m',
  timeout: '10s',
  id: 'web-frontpage',
  expect: '{"status": [200], "body_contains": "ok", "max_latency": "2s"}',
  headers: '{"User-Agent": "tocsin"}',
};

export function FieldInput({
  spec,
  value: current,
  error,
  disabled,
  onChange,
}: {
  spec: FieldSpec;
  value: string | boolean | undefined;
  error?: string;
  disabled?: boolean;
  onChange(value: string | boolean): void;
}) {
  const label = `${spec.key.replaceAll('_', ' ')}${spec.required ? '' : ' (optional)'}`;
  const id = `f-${spec.key}`;
  if (spec.kind === 'boolean') {
    return (
      <label class={`check${error ? ' invalid' : ''}`}>
        <input id={id} name={spec.key} type="checkbox" checked={current === true} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} />
        {spec.key.replaceAll('_', ' ')}
        {error && <span class="error-text">{error}</span>}
      </label>
    );
  }
  const text = typeof current === 'string' ? current : '';
  const hint = spec.description ?? (spec.default !== undefined && spec.kind !== 'json' ? `Default ${JSON.stringify(spec.default)}` : undefined);
  return (
    <Field label={label} error={error} hint={hint}>
      {spec.kind === 'choice' ? (
        <select id={id} name={spec.key} value={text || String(spec.default ?? '')} disabled={disabled} onChange={(e) => onChange(value(e))}>
          {!spec.required && spec.default === undefined && <option value="">—</option>}
          {spec.choices?.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : spec.kind === 'json' ? (
        <textarea
          id={id}
          name={spec.key}
          rows={3}
          spellcheck={false}
          placeholder={PLACEHOLDER[spec.key] ?? (spec.default !== undefined ? JSON.stringify(spec.default) : '')}
          value={text}
          disabled={disabled}
          onInput={(e) => onChange(value(e))}
          aria-invalid={!!error}
        />
      ) : (
        <input
          id={id}
          name={spec.key}
          type="text"
          inputMode={spec.kind === 'number' ? 'numeric' : undefined}
          placeholder={PLACEHOLDER[spec.key] ?? ''}
          value={text}
          disabled={disabled}
          onInput={(e) => onChange(value(e))}
          aria-invalid={!!error}
          required={spec.required}
        />
      )}
    </Field>
  );
}
