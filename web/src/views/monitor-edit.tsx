/**
 * Create or edit a monitor of any API-editable type. Settings fields are generated from the type's
 * schema; the config's own schema validates as you type; "Test now" runs the check once before saving.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, get, post, put } from '../api.js';
import { COMMON, fromDraft, toDraft, type Draft, type Kind } from '../draft.js';
import { Problem } from '../parts/banner.js';
import { navigate } from '../router.js';
import { say } from '../store.js';
import type { Monitor } from '../types.js';
import type { FieldSpec } from '../validate.js';
import { useApi } from '../data.js';
import { FieldInput } from './monitor-fields.js';
import type { Escalations } from './monitor-related.js';
import { TestNow } from './monitor-test.js';

type Schema = typeof import('../validate.js');

const HINTS: Record<string, string> = {
  id: 'Lowercase letters, digits, - and _; used in URLs and cannot change later',
  interval: 'How often, e.g. 30s or 5m; empty for the default',
  timeout: 'Hard deadline of one check, e.g. 10s; empty for the default',
  tags: 'Comma-separated',
  depends_on: 'Monitor ids, comma-separated: while one is down, this one does not page',
  runbook: 'A URL, or Markdown saying what to do when it fails',
  alert: 'JSON overriding defaults.alert, e.g. {"down_after": 2}',
};

export function MonitorEdit({ id }: { id?: string }) {
  const [schema, setSchema] = useState<Schema | undefined>(undefined);
  const [type, setType] = useState(new URLSearchParams(location.search).get('type') ?? 'http');
  const [draft, setDraft] = useState<Draft>({ paused: false });
  const [serverError, setServerError] = useState<ApiError | undefined>(undefined);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => void import('../validate.js').then(setSchema), []);
  const fields: FieldSpec[] = useMemo(() => (schema ? schema.settingsFields(type as never) : []), [schema, type]);
  const kinds = useMemo(() => Object.fromEntries([...COMMON, ...fields.map((f) => [f.key, f.kind] as [string, Kind])]) as Record<string, Kind>, [fields]);

  useEffect(() => {
    if (!id || !schema) return;
    void get<Monitor>(`/api/v1/monitors/${encodeURIComponent(id)}`)
      .then((m) => {
        setType(m.type);
        const all = Object.fromEntries([...COMMON, ...schema.settingsFields(m.type as never).map((f) => [f.key, f.kind])]) as Record<string, Kind>;
        setDraft(toDraft(m, all));
      })
      .catch((e: unknown) => setServerError(e instanceof ApiError ? e : new ApiError(String(e), 0)));
  }, [id, schema]);
  // "Clone": a new monitor from another one's settings, under a new id; secrets (read back masked) are typed again.
  const from = id ? null : new URLSearchParams(location.search).get('from');
  useEffect(() => {
    if (!from || !schema) return;
    void get<Monitor>(`/api/v1/monitors/${encodeURIComponent(from)}`)
      .then((m) => {
        setType(m.type);
        const all = Object.fromEntries([...COMMON, ...schema.settingsFields(m.type as never).map((f) => [f.key, f.kind])]) as Record<string, Kind>;
        const copy = Object.entries(toDraft(m, all)).filter(([key, v]) => key !== 'id' && !(typeof v === 'string' && v.includes('••••')));
        setDraft({ ...Object.fromEntries(copy), name: `Copy of ${m.name}` });
      })
      .catch((e: unknown) => setServerError(e instanceof ApiError ? e : new ApiError(String(e), 0)));
  }, [from, schema]);
  useEffect(() => {
    if (id || from) return;
    // New monitors start from the schema's defaults for switches, so what is shown is what is saved.
    setDraft((old) => ({ ...Object.fromEntries(fields.filter((f) => f.kind === 'boolean').map((f) => [f.key, f.default === true])), ...old }));
  }, [fields, id]);

  const { body, problems: readProblems } = fromDraft(draft, kinds);
  const full = { ...body, type };
  const problems = schema ? { ...schema.validateMonitor(full), ...readProblems } : readProblems;
  const errorOf = (key: string) =>
    serverError?.field?.split(/[.[]/)[0] === key ? serverError.message : touched || draft[key] !== undefined ? problems[key] : undefined;
  // The escalation is picked from the policies that exist (and the one already set, should it be gone).
  const policies = useApi<Escalations>('/api/v1/escalations');
  const current = typeof draft.escalation === 'string' && draft.escalation ? [draft.escalation] : [];
  const policyNames = [...new Set([...Object.keys(policies.data?.policies ?? {}).filter((n) => n !== 'fallback'), ...current])];
  const escalationSpec: FieldSpec = {
    key: 'escalation',
    kind: 'choice',
    required: false,
    choices: policyNames,
    description: `Who is told, and when; empty for the default${policies.data?.default ? ` (${policies.data.default})` : ''}`,
  };
  const masked = Object.values(draft).some((v) => typeof v === 'string' && v.includes('••••'));

  const save = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length) return;
    setSaving(true);
    try {
      const answer = id
        ? await put<{ monitor: Monitor }>(`/api/v1/monitors/${encodeURIComponent(id)}`, full)
        : await post<{ monitor: Monitor }>('/api/v1/monitors', full);
      say(`${id ? 'Saved' : 'Created'} ${answer.monitor.id}; it is being checked now.`);
      navigate(`/monitors/${encodeURIComponent(answer.monitor.id)}`);
    } catch (e) {
      setServerError(e instanceof ApiError ? e : new ApiError(String(e), 0));
    } finally {
      setSaving(false);
    }
  };
  const set = (key: string, v: string | boolean) => {
    setServerError(undefined);
    setDraft((old) => ({ ...old, [key]: v }));
  };

  return (
    <section aria-labelledby="edit-h">
      <p class="crumbs">
        <a href="/">Overview</a> › {id ? <a href={`/monitors/${encodeURIComponent(id)}`}>{id}</a> : 'new monitor'}
      </p>
      <h1 id="edit-h">{id ? `Edit ${id}` : from ? `Clone ${from}` : 'New monitor'}</h1>
      {!schema && <p class="muted">Loading the form…</p>}
      {serverError && !serverError.field && <Problem error={serverError} what={id ? `or save ${id}` : 'or create the monitor'} />}
      {masked && <p class="note">Secrets read back as ••••: type them again before saving, or the masked value would be saved.</p>}
      <form class="card form" onSubmit={save} noValidate>
        <label class="field">
          <span class="label">Type</span>
          <select name="type" value={type} disabled={!!id} onChange={(e) => setType(e.currentTarget.value)}>
            {(schema?.editableTypes ?? ['http']).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {COMMON.slice(0, 2).map(([key]) => (
          <FieldInput
            key={key}
            spec={{ key, kind: 'text', required: key === 'id', description: HINTS[key] }}
            value={draft[key]}
            error={errorOf(key)}
            disabled={key === 'id' && !!id}
            onChange={(v) => set(key, v)}
          />
        ))}
        <fieldset>
          <legend>{type} settings</legend>
          {fields.map((f) => (
            <FieldInput key={f.key} spec={f} value={draft[f.key]} error={errorOf(f.key)} onChange={(v) => set(f.key, v)} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Schedule, grouping and alerting</legend>
          {COMMON.slice(2).map(([key, kind]) => (
            <FieldInput
              key={key}
              spec={
                key === 'escalation' && policyNames.length
                  ? escalationSpec
                  : { key, kind: kind === 'list' ? 'text' : kind, required: key === 'id', description: HINTS[key] }
              }
              value={draft[key]}
              error={errorOf(key)}
              disabled={key === 'id' && !!id}
              onChange={(v) => set(key, v)}
            />
          ))}
        </fieldset>
        <div class="actions end">
          <button type="submit" class="primary" disabled={saving || !schema}>
            {saving ? 'Saving…' : id ? 'Save' : 'Create monitor'}
          </button>
          <TestNow body={full} disabled={Object.keys(problems).length > 0} />
          <a class="button" href={id ? `/monitors/${encodeURIComponent(id)}` : '/'}>
            Cancel
          </a>
          {touched && Object.keys(problems).length > 0 && <span class="error-text">Fix the {Object.keys(problems).length} highlighted field(s) first.</span>}
        </div>
      </form>
    </section>
  );
}
