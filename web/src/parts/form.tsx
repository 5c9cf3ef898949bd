/** Form pieces with inline errors: a label, the control, and what was wrong right under it. */
import type { ComponentChildren } from 'preact';

export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class={`field${error ? ' invalid' : ''}`}>
      <span class="label">{label}</span>
      {children}
      {error ? (
        <span class="error-text" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span class="hint">{hint}</span>
      ) : null}
    </label>
  );
}

export function value(event: Event): string {
  return (event.currentTarget as HTMLInputElement).value;
}
