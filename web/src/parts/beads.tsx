/**
 * A bead strip: one bead per recent result, oldest left, coloured by status with the word in the
 * tooltip. One tab stop per strip; arrow keys, Home and End move between beads, and a focused or
 * tapped bead shows its tooltip, so keyboards and touch read what a mouse hovers.
 */
import { ms, when } from '../format.js';
import type { Result } from '../types.js';

const WORD: Record<Result['status'], string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Unknown' };

function describe(r: Result): string {
  return `${when(r.at)} · ${r.missed ? 'Missed run' : WORD[r.status]} · ${ms(r.latency_ms)} · ${r.message}`;
}

function move(event: KeyboardEvent): void {
  const bead = event.target as HTMLElement;
  const beads = [...(bead.parentElement?.querySelectorAll<HTMLElement>('.bead') ?? [])];
  const at = beads.indexOf(bead);
  const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: beads.length - 1 }[event.key];
  if (to === undefined || at < 0) return;
  event.preventDefault();
  const next = beads[Math.max(0, Math.min(beads.length - 1, to))];
  if (!next) return;
  bead.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

/** `results` newest first, as the API gives them; shows the latest `count`. */
export function Beads({ results, count, label }: { results: Result[]; count: number; label: string }) {
  const shown = results.slice(0, count).reverse();
  const down = shown.filter((r) => r.status !== 'up').length;
  const summary = shown.length ? `${label}: last ${shown.length} results, ${down ? `${down} not up` : 'all up'}` : `${label}: no results yet`;
  return (
    <div class="beads" role="group" aria-label={summary} onKeyDown={move} data-beads={shown.length}>
      {shown.map((r, i) => (
        <span
          key={r.at}
          class={`bead b-${r.missed ? 'missed' : r.status}`}
          tabIndex={i === shown.length - 1 ? 0 : -1}
          role="img"
          aria-label={describe(r)}
          data-status={r.status}
        >
          <span class="tip" role="tooltip">
            {describe(r)}
          </span>
        </span>
      ))}
    </div>
  );
}
