/**
 * Choosing monitors by name: a search box listing matches, the chosen ones as removable chips.
 * A monitor that cannot be chosen (the one being edited, one that would close a dependency loop)
 * is listed greyed with the reason, so nobody wonders where it went. Whole monitor groups can be
 * added at once where a caller allows it.
 */
import { useState } from 'preact/hooks';
import { pickOptions, type Option, type Pickable } from '../pick.js';

export { dependencyRefusal, type Pickable } from '../pick.js';

interface Props {
  /** Names the control and its parts ("depends on"). */
  label: string;
  name: string;
  hint?: string;
  monitors: readonly Pickable[];
  chosen: readonly string[];
  onChange(ids: string[]): void;
  /** Why a monitor cannot be chosen, or undefined when it can. */
  refuse?(id: string): string | undefined;
  /** Offer "every monitor of group X" too. */
  groups?: boolean;
  error?: string;
  disabled?: boolean;
}

const SHOWN = 8;

export function MonitorPicker({ label, name, hint, monitors, chosen, onChange, refuse, groups = false, error, disabled }: Props) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const base = `pick-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const options = open ? pickOptions(monitors, chosen, text, groups, refuse).slice(0, SHOWN) : [];
  const byId = new Map(monitors.map((m) => [m.id, m]));
  const choose = (o: Option | undefined) => {
    if (!o || o.refused) return;
    onChange([...chosen, ...o.ids.filter((id) => !chosen.includes(id))]);
    setText('');
    setActive(0);
  };
  const key = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (options.length ? (i + step + options.length) % options.length : 0));
    } else if (e.key === 'Enter') {
      // Enter picks, it does not submit the form around it.
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape') setOpen(false);
  };
  return (
    <fieldset class={`picker${error ? ' invalid' : ''}`} data-field={name}>
      <legend>{label}</legend>
      {chosen.length > 0 ? (
        <ul class="chips" aria-label={`Chosen for ${label}`}>
          {chosen.map((id) => (
            <li key={id} class="chip" data-chosen={id}>
              {byId.get(id)?.name ?? id}
              {byId.get(id) && byId.get(id)?.name !== id && <span class="muted"> ({id})</span>}
              <button
                type="button"
                class="x"
                disabled={disabled}
                aria-label={`Remove ${id} from ${label}`}
                onClick={() => onChange(chosen.filter((c) => c !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">None chosen.</p>
      )}
      <input
        type="text"
        name={name}
        // The ARIA combobox pattern; Preact's types tie role="combobox" to a <datalist>, which this is not.
        {...({ role: 'combobox' } as Record<string, string>)}
        autocomplete="off"
        aria-label={`Search monitors to add to ${label}`}
        aria-expanded={options.length > 0}
        aria-controls={`${base}-list`}
        aria-autocomplete="list"
        aria-activedescendant={options[active] ? `${base}-${active}` : undefined}
        aria-invalid={!!error}
        placeholder="Search by name, id or group…"
        value={text}
        disabled={disabled}
        onInput={(e) => (setText(e.currentTarget.value), setActive(0), setOpen(true))}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={key}
      />
      <ul role="listbox" id={`${base}-list`} class="options" aria-label={`Monitors to add to ${label}`} hidden={options.length === 0}>
        {options.map((o, i) => (
          <li
            key={o.key}
            id={`${base}-${i}`}
            role="option"
            aria-selected={i === active}
            aria-disabled={o.refused ? true : undefined}
            class={`${i === active ? 'active' : ''}${o.refused ? ' refused' : ''}`}
            data-option={o.key}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(o)}
          >
            {o.text} <span class="muted small">{o.refused ? `${o.detail}: ${o.refused}` : o.detail}</span>
          </li>
        ))}
      </ul>
      {error ? (
        <span class="error-text" role="alert">
          {error}
        </span>
      ) : (
        hint && <span class="hint">{hint}</span>
      )}
    </fieldset>
  );
}
