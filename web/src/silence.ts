/** Silences as the API keeps them (maintenance windows with `silence`), for the silence dialog and the Alerts view. */
/** A window as GET /api/v1/maintenance answers it (StoredWindow of maintenance-forms.tsx, with where it is from). */
export interface OpenWindow {
  id: string;
  name: string;
  start: number;
  duration: number;
  monitors: string[];
  schedule?: string;
  tz?: string;
  announce_on?: string[];
  silence?: boolean;
  source?: string;
  open_now?: unknown;
  /** Of a silence open now: who set it (from the audit log). */
  set_by?: string;
}

/** Pure: the silence windows of the API that hold `id` now (tocsin.yaml's are changed there). */
export function openSilences(windows: readonly OpenWindow[], id: string): OpenWindow[] {
  return windows.filter((w) => w.silence && w.open_now && w.source === 'api' && w.monitors.includes(id));
}

/** Pure: the `for` a choice means, or why it cannot be sent. */
export function silenceLength(choice: string, until: string, custom: string, now: number): { for?: string; problem?: string } {
  if (choice === 'until') {
    const end = until ? new Date(until).getTime() : NaN;
    if (!Number.isFinite(end)) return { problem: 'choose the date and time the silence ends' };
    if (end - now < 60_000) return { problem: 'choose a time at least a minute from now' };
    return { for: `${Math.round((end - now) / 1000)}s` };
  }
  if (choice === 'custom') return custom.trim() ? { for: custom.trim() } : { problem: 'type how long, e.g. 90m or 2d' };
  return { for: choice };
}
