/**
 * Creating, changing and deleting the API's channels. Secrets are write-only: their inputs start empty
 * with "••••" as the placeholder and are sent only when typed, so the server keeps the stored value.
 * Command channels run programs on the tocsin host and stay in tocsin.yaml, so they are not offered.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, del, post, put } from '../api.js';
import { formatDuration } from '../format.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';

type Schema = typeof import('../validate.js');

interface FieldSpec {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  /** A comma-separated list in the form, an array in the body. */
  list?: boolean;
  number?: boolean;
  options?: string[];
  description?: string;
}

const url = (label: string): FieldSpec => ({ key: 'url', label });

/** The first channels, with labels written for people; every other type's fields come from the shared schema (validate.ts). */
const FIELDS: Record<string, FieldSpec[]> = {
  webhook: [url('URL'), { key: 'secret', label: 'Signing secret', secret: true, optional: true }],
  slack: [url('Slack incoming-webhook URL')],
  discord: [url('Discord webhook URL')],
  teams: [url('Teams workflow webhook URL')],
  email: [
    { key: 'smtp', label: 'SMTP server (smtp:// or smtps://)' },
    { key: 'from', label: 'From' },
    { key: 'to', label: 'To (comma-separated)', list: true },
  ],
  pagerduty: [{ key: 'routing_key', label: 'Routing key', secret: true }],
  opsgenie: [
    { key: 'api_key', label: 'API key', secret: true },
    { key: 'region', label: 'Region', options: ['us', 'eu'] },
  ],
  ntfy: [url('Topic URL'), { key: 'token', label: 'Token', secret: true, optional: true }],
  telegram: [
    { key: 'bot_token', label: 'Bot token', secret: true },
    { key: 'chat_id', label: 'Chat id' },
  ],
  matrix: [
    { key: 'homeserver', label: 'Homeserver URL' },
    { key: 'access_token', label: 'Access token', secret: true },
    { key: 'room_id', label: 'Room id or alias' },
  ],
  pushover: [
    { key: 'token', label: 'Application token', secret: true },
    { key: 'user', label: 'User key' },
  ],
};

export const CHANNEL_TYPES = Object.keys(FIELDS);

/** What a channel reads as: secrets already "••••", durations in milliseconds. */
export type ChannelView = { id: string; type: string; [key: string]: unknown };

const NOT_SETTINGS = new Set(['id', 'type', 'health', 'source']);
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0));
const shown = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** Settings the form has no input for (headers, min_interval, priority) go back as read; masked ones are kept by the server. */
function carried(existing: ChannelView | undefined, fields: FieldSpec[]): Record<string, unknown> {
  if (!existing) return {};
  const known = new Set(fields.map((f) => f.key));
  const rest = Object.entries(existing).filter(([k, v]) => !NOT_SETTINGS.has(k) && !known.has(k) && v !== undefined && v !== null);
  return Object.fromEntries(rest.map(([k, v]) => [k, k === 'min_interval' && typeof v === 'number' ? `${v}ms` : v]));
}

function fieldsOf(type: string, schema: Schema | undefined): FieldSpec[] {
  return FIELDS[type] ?? schema?.channelFields(type) ?? [];
}

function body(type: string, fields: FieldSpec[], values: Record<string, string>, existing: ChannelView | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { type, ...(existing?.type === type ? carried(existing, fields) : {}) };
  for (const f of fields) {
    const typed = (values[f.key] ?? (f.options && !f.optional ? f.options[0] : '') ?? '').trim();
    if (!typed && (f.secret || f.optional)) continue;
    out[f.key] =
      f.number && /^-?\d+(\.\d+)?$/.test(typed)
        ? Number(typed)
        : f.list
          ? typed
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : typed;
  }
  return out;
}

export function ChannelForm({ existing, onDone, onCancel }: { existing?: ChannelView; onDone(): void; onCancel(): void }) {
  const [id, setId] = useState(existing?.id ?? '');
  const [type, setType] = useState(existing?.type ?? 'webhook');
  const [values, setValues] = useState<Record<string, string>>(() => {
    const initial = Object.fromEntries((FIELDS[existing?.type ?? ''] ?? []).filter((f) => !f.secret).map((f) => [f.key, shown(existing?.[f.key])]));
    return { region: 'us', ...initial };
  });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  // The schema comes with the lazily loaded validator: the types beyond the first eleven, and their fields.
  const [schema, setSchema] = useState<Schema | undefined>(undefined);
  useEffect(() => void import('../validate.js').then(setSchema), []);
  const fields = fieldsOf(type, schema);
  const types = schema?.formChannelTypes ?? CHANNEL_TYPES;
  useEffect(() => {
    // A type whose fields arrived with the schema shows the existing channel's values.
    if (!existing || FIELDS[existing.type] || !schema) return;
    const read = (key: string, v: unknown) => (key === 'min_interval' && typeof v === 'number' ? formatDuration(v) : shown(v));
    setValues((now) => ({ ...Object.fromEntries(fields.filter((f) => !f.secret).map((f) => [f.key, read(f.key, existing[f.key])])), ...now }));
  }, [schema]);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const sent = body(type, fields, values, existing);
      if (existing) await put(`/api/v1/channels/${encodeURIComponent(existing.id)}`, sent);
      else await post('/api/v1/channels', { id, ...sent });
      say(existing ? `Saved channel ${id}` : `Created channel ${id}`);
      onDone();
    } catch (e) {
      setError(asError(e));
    }
  };
  const at = (key: string) => (error?.field === key || error?.field?.startsWith(`${key}.`) ? error.message : undefined);
  const elsewhere = error && !['id', 'type', ...fields.map((f) => f.key)].some((k) => at(k));
  return (
    <form class="subform" onSubmit={submit} aria-label={existing ? `Edit channel ${existing.id}` : 'New channel'}>
      {elsewhere && <p class="problem">{error.message}</p>}
      <Field label="Id" error={at('id')}>
        <input required name="id" value={id} disabled={Boolean(existing)} placeholder="ops-chat" onInput={(e) => setId(value(e))} />
      </Field>
      <Field label="Type" error={at('type')}>
        <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      {fields.map((f) => (
        <Field
          key={`${type}-${f.key}`}
          label={f.optional && !f.secret ? `${f.label} (optional)` : f.label}
          error={at(f.key)}
          hint={f.secret && existing ? 'Leave empty to keep the stored one' : f.description}
        >
          {f.options ? (
            <select name={f.key} value={values[f.key]} onChange={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}>
              {f.optional && <option value="">—</option>}
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : f.secret ? (
            <input
              name={f.key}
              type="password"
              autocomplete="new-password"
              required={!f.optional && !existing}
              placeholder="••••"
              value={values[f.key] ?? ''}
              onInput={(e) => setValues({ ...values, [f.key]: value(e) })}
            />
          ) : (
            <input name={f.key} required={!f.optional} value={values[f.key] ?? ''} onInput={(e) => setValues({ ...values, [f.key]: value(e) })} />
          )}
        </Field>
      ))}
      <div class="actions">
        <button type="submit" class="primary">
          {existing ? 'Save channel' : 'Create channel'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export async function deleteChannel(id: string, onDone: () => void): Promise<void> {
  if (!confirm(`Delete channel ${id}? Policies must stop notifying it first.`)) return;
  try {
    await del(`/api/v1/channels/${encodeURIComponent(id)}`);
    say(`Deleted channel ${id}`);
    onDone();
  } catch (e) {
    say(`Could not delete channel ${id}: ${asError(e).message}`, 'error');
  }
}
