/**
 * Create or edit a monitor of any API-editable type. Settings fields are generated from the type's
 * schema; the config's own schema validates as you type; "Test now" runs the check once before saving.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, get, post, put } from '../api.js';
import { COMMON, durationsAsText, fromDraft, ownAndInherited, toDraft, type Draft, type Kind, type Nested } from '../draft.js';
import { Problem } from '../parts/banner.js';
import { navigate } from '../router.js';
import { say } from '../store.js';
import { formAsJson, jsonAsForm, readJson } from '../json-mode.js';
import { Field } from '../parts/form.js';
import { MASK, emptyForm, type FormValue, type JsonSchema, type Row } from '../structured.js';
import type { Monitor } from '../types.js';
import type { FieldSpec } from '../validate.js';
import { useApi } from '../data.js';
import { FieldInput } from './monitor-fields.js';
import { MonitorPicker, dependencyRefusal, type Pickable } from './monitor-picker.js';
import { StructuredField } from './structured-fields.js';
import type { Escalations } from './monitor-related.js';
import { TestNow } from './monitor-test.js';

type Schema = typeof import('../validate.js');

const HINTS: Record<string, string> = {
  id: 'Lowercase letters, digits, - and _; used in URLs and cannot change later',
  interval: 'How often, e.g. 30s or 5m; empty for the default',
  timeout: 'Hard deadline of one check, e.g. 10s; empty for the default',
  tags: 'Comma-separated',
  depends_on: 'While one of these is down, this monitor does not page',
  runbook: 'A URL, or Markdown saying what to do when it fails',
};

/** Hidden values cannot be copied: a clone's are typed again. */
function withoutHidden(value: FormValue): FormValue | undefined {
  if (typeof value === 'string') return value.includes(MASK) ? undefined : value;
  if (Array.isArray(value)) return value.map((row: Row) => ({ key: row.key, value: withoutHidden(row.value) ?? '' }));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutHidden(v) ?? '']));
  return value;
}
const listOf = (v: FormValue | undefined) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export function MonitorEdit({ id }: { id?: string }) {
  const [schema, setSchema] = useState<Schema | undefined>(undefined);
  const [type, setType] = useState(new URLSearchParams(location.search).get('type') ?? 'http');
  const [draft, setDraft] = useState<Draft>({ paused: false });
  const [serverError, setServerError] = useState<ApiError | undefined>(undefined);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  /** The alert thresholds it takes from defaults.alert (not sent, so they keep following it). */
  const [inherited, setInherited] = useState<unknown>(undefined);
  /** Structured fields edited as JSON text instead (key → text): what it holds is sent as written. */
  const [asJson, setAsJson] = useState<Record<string, string>>({});
  const [jsonProblem, setJsonProblem] = useState<Record<string, string>>({});

  useEffect(() => void import('../validate.js').then(setSchema), []);
  const fields: FieldSpec[] = useMemo(() => (schema ? schema.settingsFields(type as never) : []), [schema, type]);
  const kinds = useMemo(() => Object.fromEntries([...COMMON, ...fields.map((f) => [f.key, f.kind] as [string, Kind])]) as Record<string, Kind>, [fields]);
  const nested: Nested = useMemo(
    () => (schema ? { alert: schema.alertJsonSchema, ...Object.fromEntries(fields.flatMap((f) => (f.schema ? [[f.key, f.schema]] : []))) } : {}),
    [schema, fields],
  );
  const nestedOf = (s: Schema, t: string): Nested => ({
    alert: s.alertJsonSchema,
    ...Object.fromEntries(s.settingsFields(t as never).flatMap((f) => (f.schema ? [[f.key, f.schema]] : []))),
  });

  useEffect(() => {
    if (!id || !schema) return;
    void get<Monitor>(`/api/v1/monitors/${encodeURIComponent(id)}`)
      .then((m) => {
        setType(m.type);
        const all = Object.fromEntries([...COMMON, ...schema.settingsFields(m.type as never).map((f) => [f.key, f.kind])]) as Record<string, Kind>;
        setDraft(toDraft(m, all, nestedOf(schema, m.type)));
        setInherited(durationsAsText(ownAndInherited(m).inherited));
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
        const copy = Object.entries(toDraft(m, all, nestedOf(schema, m.type))).flatMap(([key, v]) => {
          const kept = withoutHidden(v);
          return key === 'id' || kept === undefined ? [] : [[key, kept] as const];
        });
        setDraft({ ...Object.fromEntries(copy), name: `Copy of ${m.name}` });
        setInherited(durationsAsText(ownAndInherited(m).inherited));
      })
      .catch((e: unknown) => setServerError(e instanceof ApiError ? e : new ApiError(String(e), 0)));
  }, [from, schema]);
  useEffect(() => {
    if (id || from) return;
    // New monitors start from the schema's defaults for switches, so what is shown is what is saved.
    setDraft((old) => ({ ...Object.fromEntries(fields.filter((f) => f.kind === 'boolean').map((f) => [f.key, f.default === true])), ...old }));
  }, [fields, id]);

  const { body: fromFields, problems: fieldProblems, paths: readPaths } = fromDraft(draft, kinds, nested);
  // A field edited as JSON sends what its text says; text that is not JSON is named at the field.
  const body = { ...fromFields };
  const readProblems = { ...fieldProblems };
  for (const [key, text] of Object.entries(asJson)) {
    if (!kinds[key]) continue;
    delete body[key];
    delete readProblems[key];
    const read = readJson(text, key);
    if (read.problem) readProblems[key] = read.problem;
    else if (read.value !== undefined) body[key] = read.value;
  }
  const full = { ...body, type };
  const problems = schema ? { ...schema.validateMonitor(full), ...readProblems } : readProblems;
  const errorOf = (key: string) =>
    serverError?.field?.split(/[.[]/)[0] === key ? serverError.message : touched || draft[key] !== undefined ? problems[key] : undefined;
  // Inside a structured field each problem sits beside the field it names: the API's path, or the schema's.
  const paths: Record<string, string> = {
    ...(schema ? schema.monitorProblemPaths(full) : {}),
    ...readPaths,
    ...(serverError?.field && { [serverError.field]: serverError.message }),
  };
  const nestedProblems = (key: string) =>
    Object.fromEntries(Object.entries(paths).filter(([p]) => p.split(/[.[]/)[0] === key && (touched || draft[key] !== undefined || p === serverError?.field)));
  const toJson = (key: string, node: JsonSchema) => {
    setAsJson((old) => ({ ...old, [key]: formAsJson(node, draft[key] ?? emptyForm(node), key) }));
    setJsonProblem((old) => ({ ...old, [key]: '' }));
  };
  const toFields = (key: string, node: JsonSchema) => {
    const back = jsonAsForm(node, asJson[key] ?? '', key);
    if (back.problem || back.form === undefined) return setJsonProblem((old) => ({ ...old, [key]: back.problem ?? '' }));
    set(key, back.form);
    setAsJson(({ [key]: _, ...rest }) => rest);
    setJsonProblem((old) => ({ ...old, [key]: '' }));
  };
  const structured = (key: string, spec: FieldSpec | undefined, node = nested[key]) =>
    node && (
      <div class="json-mode" key={key} data-json-mode={key}>
        {key in asJson ? (
          <Field
            label={`${key.replaceAll('_', ' ')} as JSON (optional)`}
            error={errorOf(key)}
            hint={jsonProblem[key] || `${spec?.description ? `${spec.description}. ` : ''}The same shape as in tocsin.yaml; durations as "30s"`}
          >
            <textarea
              name={`${key}.json`}
              rows={8}
              spellcheck={false}
              value={asJson[key]}
              aria-invalid={!!errorOf(key)}
              onInput={(e) => {
                setServerError(undefined);
                const text = e.currentTarget.value;
                setAsJson((old) => ({ ...old, [key]: text }));
              }}
            />
          </Field>
        ) : (
          structuredFields(key, spec, node)
        )}
        <button type="button" class="small-button json-toggle" onClick={() => (key in asJson ? toFields(key, node) : toJson(key, node))}>
          {key in asJson ? `Edit ${key.replaceAll('_', ' ')} as fields` : `Edit ${key.replaceAll('_', ' ')} as JSON`}
        </button>
      </div>
    );
  const structuredFields = (key: string, spec: FieldSpec | undefined, node: JsonSchema) =>
    node && (
      <StructuredField
        key={key}
        name={key}
        schema={spec?.description ? { ...node, description: spec.description } : node}
        path={key}
        form={draft[key] ?? emptyForm(node)}
        problems={nestedProblems(key)}
        inherited={key === 'alert' ? inherited : undefined}
        onChange={(v) => set(key, v)}
      />
    );
  // depends_on is picked by name from the other monitors (the overview's list, without row figures); one that waits on this one would close a loop.
  const others = useApi<{ monitors: (Pickable & { depends_on: string[] })[] }>('/api/v1/overview?figures=');
  const graph = useMemo(() => new Map((others.data?.monitors ?? []).map((m) => [m.id, m.depends_on])), [others.data]);
  const self = id ?? (typeof draft.id === 'string' ? draft.id.trim() : undefined);
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
  // A refusal about a field the form shows sits beside it; any other (or none named) heads the form.
  const shownAtField = !!serverError?.field && Object.keys(kinds).includes(serverError.field.split(/[.[]/)[0] ?? '');
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
  const set = (key: string, v: FormValue) => {
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
      {serverError && !shownAtField && <Problem error={serverError} what={id ? `or save ${id}` : 'or create the monitor'} />}
      {masked && <p class="note">Secrets read back hidden (••••): left as they are, they are kept on save; type one to replace it.</p>}
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
            value={flat(draft[key])}
            error={errorOf(key)}
            disabled={key === 'id' && !!id}
            onChange={(v) => set(key, v)}
          />
        ))}
        <fieldset>
          <legend>{type} settings</legend>
          {fields.map((f) =>
            f.kind === 'structured' ? (
              structured(f.key, f)
            ) : (
              <FieldInput key={f.key} spec={f} value={flat(draft[f.key])} error={errorOf(f.key)} onChange={(v) => set(f.key, v)} />
            ),
          )}
        </fieldset>
        <fieldset>
          <legend>Schedule, grouping and alerting</legend>
          {COMMON.slice(2).map(([key, kind]) =>
            key === 'alert' ? (
              structured(key, { key, kind: 'structured', required: false, description: 'Overrides parts of defaults.alert; empty fields take the defaults' })
            ) : key === 'depends_on' ? (
              <MonitorPicker
                key={key}
                label="depends on (optional)"
                name="depends_on"
                hint={HINTS.depends_on}
                monitors={others.data?.monitors ?? []}
                chosen={listOf(draft.depends_on)}
                onChange={(ids) => set('depends_on', ids.join(', '))}
                refuse={(candidate) => dependencyRefusal(self, candidate, graph)}
                error={errorOf('depends_on')}
              />
            ) : (
              <FieldInput
                key={key}
                spec={
                  key === 'escalation' && policyNames.length
                    ? escalationSpec
                    : { key, kind: kind === 'list' ? 'text' : kind, required: key === 'id', description: HINTS[key] }
                }
                value={flat(draft[key])}
                error={errorOf(key)}
                disabled={key === 'id' && !!id}
                onChange={(v) => set(key, v)}
              />
            ),
          )}
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

/** A plain field's text or switch; structured values have their own fields. */
function flat(v: FormValue | undefined): string | boolean | undefined {
  return typeof v === 'string' || typeof v === 'boolean' ? v : undefined;
}
