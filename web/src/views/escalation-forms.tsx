/**
 * Creating, changing and deleting the API's escalation policies: steps with a delay and the channels
 * they notify, picked from the channels that exist (the API refuses a step naming any other).
 * Policies in tocsin.yaml are changed there.
 */
import { useState } from 'preact/hooks';
import { ApiError, del, post, put } from '../api.js';
import { formatDuration } from '../format.js';
import { Field, value } from '../parts/form.js';
import { say } from '../store.js';
import type { Step } from './monitor-related.js';

interface DraftStep {
  after: string;
  notify: string[];
}

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(String(e), 0));

export function PolicyForm({
  existing,
  channels,
  onDone,
  onCancel,
}: {
  existing?: { id: string; steps: Step[] };
  channels: string[];
  onDone(): void;
  onCancel(): void;
}) {
  const [id, setId] = useState(existing?.id ?? '');
  const [steps, setSteps] = useState<DraftStep[]>(
    existing?.steps.map((s) => ({ after: s.after ? formatDuration(s.after) : '0s', notify: s.notify })) ?? [{ after: '0s', notify: [] }],
  );
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const change = (i: number, next: Partial<DraftStep>) => setSteps(steps.map((s, k) => (k === i ? { ...s, ...next } : s)));
  const toggle = (i: number, channel: string, on: boolean) => {
    const notify = steps[i]?.notify ?? [];
    change(i, { notify: on ? [...notify, channel] : notify.filter((c) => c !== channel) });
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { steps: steps.map((s) => ({ after: s.after.trim() || '0s', notify: s.notify })) };
    try {
      if (existing) await put(`/api/v1/escalations/${encodeURIComponent(existing.id)}`, body);
      else await post('/api/v1/escalations', { id, ...body });
      say(existing ? `Saved policy ${existing.id}` : `Created policy ${id}`);
      onDone();
    } catch (e) {
      setError(asError(e));
    }
  };
  // The API names a step's field as steps.<n>.after or steps.<n>.notify.
  const at = (key: string) => (error?.field === key || error?.field?.startsWith(`${key}.`) ? error.message : undefined);
  const placed = error && (at('id') || steps.some((_, i) => at(`steps.${i}`)));
  return (
    <form class="subform" onSubmit={submit} aria-label={existing ? `Edit policy ${existing.id}` : 'New policy'}>
      {error && !placed && <p class="problem">{error.message}</p>}
      <Field label="Id" error={at('id')}>
        <input required name="id" value={id} disabled={Boolean(existing)} placeholder="oncall" onInput={(e) => setId(value(e))} />
      </Field>
      {steps.map((s, i) => (
        <fieldset key={i} class="step-fields" data-step={i}>
          <legend>Step {i + 1}</legend>
          <Field label="After (time down, unacknowledged)" error={at(`steps.${i}.after`)}>
            <input name={`after-${i}`} value={s.after} placeholder="0s, 15m, 1h" onInput={(e) => change(i, { after: value(e) })} />
          </Field>
          <div class={`field${at(`steps.${i}.notify`) ? ' invalid' : ''}`} role="group" aria-label={`Step ${i + 1} notifies`}>
            <span class="label">Notify</span>
            {channels.length === 0 && <span class="muted">No channels yet: create one first.</span>}
            {channels.map((c) => (
              <label key={c} class="check">
                <input type="checkbox" name={`notify-${i}`} value={c} checked={s.notify.includes(c)} onChange={(e) => toggle(i, c, e.currentTarget.checked)} />
                {c}
              </label>
            ))}
            {at(`steps.${i}.notify`) && <span class="error-text">{at(`steps.${i}.notify`)}</span>}
          </div>
          {steps.length > 1 && (
            <button type="button" onClick={() => setSteps(steps.filter((_, k) => k !== i))}>
              Remove step {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <div class="actions">
        <button type="button" onClick={() => setSteps([...steps, { after: '15m', notify: [] }])}>
          Add step
        </button>
        <button type="submit" class="primary">
          {existing ? 'Save policy' : 'Create policy'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export async function deletePolicy(id: string, onDone: () => void): Promise<void> {
  if (!confirm(`Delete escalation policy ${id}? Monitors must stop naming it first.`)) return;
  try {
    await del(`/api/v1/escalations/${encodeURIComponent(id)}`);
    say(`Deleted policy ${id}`);
    onDone();
  } catch (e) {
    say(`Could not delete policy ${id}: ${asError(e).message}`, 'error');
  }
}
