/**
 * Silencing one monitor from wherever it is listed (an overview row), for a preset time, until a
 * chosen moment or for a typed duration, with a reason people see in the window's name; and ending
 * a silence early from the Alerts view. Both use the silence API: POST /monitors/{id}/silence makes
 * a silencing maintenance window from now, deleting that window ends it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, del, get, post, put } from '../api.js';
import { when } from '../format.js';
import { Field, value } from '../parts/form.js';
import { box, say, useBox } from '../store.js';
import { openSilences, silenceLength, type OpenWindow } from '../silence.js';
import { windowBody } from './maintenance-forms.js';

export type { OpenWindow } from '../silence.js';

/** The monitor whose silence dialog is open; outside the rows, so scrolling a virtual list cannot close it. */
export const silencing = box<{ id: string; name: string } | null>(null);

const PRESETS = [
  ['1h', '1 hour'],
  ['4h', '4 hours'],
] as const;
const REASON_MAX = 200;

/** Ends the silence of `id`: its own windows are deleted, a window shared with others only lets go of it. */
export async function endSilence(id: string): Promise<number> {
  const { windows } = await get<{ windows: OpenWindow[] }>('/api/v1/maintenance');
  const open = openSilences(windows, id);
  for (const w of open) {
    if (w.monitors.length === 1) await del(`/api/v1/maintenance/${encodeURIComponent(w.id)}`);
    else await put(`/api/v1/maintenance/${encodeURIComponent(w.id)}`, windowBody({ ...w, monitors: w.monitors.filter((m) => m !== id) }));
  }
  return open.length;
}

export function SilenceDialog({ onDone }: { onDone(): void }) {
  const target = useBox(silencing);
  const [choice, setChoice] = useState('1h');
  const [until, setUntil] = useState('');
  const [custom, setCustom] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    if (!target) return;
    opener.current = document.activeElement;
    setChoice('1h');
    setReason('');
    setError(undefined);
    first.current?.focus();
  }, [target?.id]);
  if (!target) return null;
  const close = () => {
    silencing.set(null);
    (opener.current as HTMLElement | null)?.focus?.();
  };
  const length = silenceLength(choice, until, custom, Date.now());
  const submit = async (event: Event) => {
    event.preventDefault();
    if (length.problem) return setError(new ApiError(length.problem, 400, choice === 'until' ? 'until' : 'for'));
    setBusy(true);
    try {
      await post(`/api/v1/monitors/${encodeURIComponent(target.id)}/silence`, { for: length.for, ...(reason.trim() && { reason: reason.trim() }) });
      say(`Silenced ${target.name} ${choice === 'until' ? `until ${when(new Date(until).getTime())}` : `for ${length.for}`}`);
      close();
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0));
    } finally {
      setBusy(false);
    }
  };
  const at = (field: string) => (error?.field === field ? error.message : undefined);
  return (
    <div class="overlay" onClick={close} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div class="dialog silence-dialog" role="dialog" aria-modal="true" aria-labelledby="silence-h" onClick={(e) => e.stopPropagation()}>
        <form onSubmit={(e) => void submit(e)}>
          <h2 id="silence-h">Silence {target.name}</h2>
          <p class="muted small">No pages from it meanwhile; it is still checked, and the silence can be ended early from Alerts or its page.</p>
          {error && !at('reason') && !(choice === 'custom' && at('for')) && !(choice === 'until' && at('until')) && <p class="problem">{error.message}</p>}
          <fieldset>
            <legend>For how long</legend>
            {[...PRESETS, ['until', 'until…'], ['custom', 'custom…']].map(([v, label], i) => (
              <label class="check" key={v}>
                <input ref={i === 0 ? first : undefined} type="radio" name="length" value={v} checked={choice === v} onChange={() => setChoice(v)} />
                {label}
              </label>
            ))}
            {choice === 'until' && (
              <Field label="Ends at (your time)" error={at('until')}>
                <input name="until" type="datetime-local" value={until} onInput={(e) => setUntil(value(e))} />
              </Field>
            )}
            {choice === 'custom' && (
              <Field label="Lasts (e.g. 90m, 2d)" error={at('for')}>
                <input name="custom" value={custom} onInput={(e) => setCustom(value(e))} />
              </Field>
            )}
          </fieldset>
          <Field label="Reason (optional)" error={at('reason')} hint="Shown with the silence, e.g. the ticket or who is on it">
            <input name="reason" maxLength={REASON_MAX} value={reason} onInput={(e) => setReason(value(e))} />
          </Field>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              Silence
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** "silenced until … (reason)" and an End silence button, for a list that knows only that a monitor is silenced. */
export function SilencedControls({ id, name, windows, onDone }: { id: string; name: string; windows: readonly OpenWindow[] | undefined; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const open = openSilences(windows ?? [], id);
  const until = Math.max(0, ...open.map((w) => w.start + w.duration));
  const setters = [...new Set(open.flatMap((w) => (w.set_by ? [w.set_by] : [])))];
  const end = async () => {
    setBusy(true);
    try {
      const ended = await endSilence(id);
      say(
        ended ? `Silence of ${name} ended: it pages again` : `${name} has no silence the API can end (tocsin.yaml's windows are changed there)`,
        ended ? 'ok' : 'error',
      );
      onDone();
    } catch (e) {
      say(`Could not end the silence of ${name}: ${e instanceof Error ? e.message : String(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="silence" data-testid="silenced">
      <span class="chip" data-marker="silenced" title={open.map((w) => w.name).join('; ') || undefined}>
        silenced{until > 0 ? ` until ${when(until)}` : ''}
      </span>
      {setters.length > 0 && (
        <span class="muted small" data-testid="silence-by">
          by {setters.join(', ')}
        </span>
      )}
      {(windows === undefined || open.length > 0) && (
        <button type="button" class="danger" disabled={busy} onClick={() => void end()} aria-label={`End silence of ${name}`}>
          End silence
        </button>
      )}
    </span>
  );
}
