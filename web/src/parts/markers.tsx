/** The chips that qualify a status: words always, colour only as a second signal. */
import { markersOf } from '../markers.js';
import type { Monitor } from '../types.js';

export function Markers({ monitor }: { monitor: Pick<Monitor, 'paused' | 'state'> & Partial<Pick<Monitor, 'quarantined'>> }) {
  const list = markersOf(monitor);
  if (list.length === 0) return null;
  return (
    <span class="markers">
      {list.map((m) => (
        <span key={m.key} class={`chip marker t-${m.tone}`} data-marker={m.key} title={m.title}>
          {m.label}
        </span>
      ))}
    </span>
  );
}
