/** Where the time of one check went, phase by phase, as one stacked bar with a legend. */
import { ms } from '../format.js';

const ORDER = ['dns', 'connect', 'tls', 'send', 'firstByte', 'body', 'banner', 'handshake', 'starttls', 'auth', 'query', 'process', 'upgrade', 'reply'];
const WORDS: Record<string, string> = { firstByte: 'waiting (first byte)', starttls: 'STARTTLS', dns: 'DNS', tls: 'TLS' };

export function Timings({ timings }: { timings: Record<string, number> }) {
  const phases = ORDER.filter((p) => typeof timings[p] === 'number' && timings[p] >= 0);
  const total = phases.reduce((n, p) => n + (timings[p] as number), 0);
  if (!phases.length || total <= 0) return <p class="muted">This result has no timings by phase.</p>;
  return (
    <div>
      <div class="stack" role="img" aria-label={phases.map((p) => `${WORDS[p] ?? p} ${ms(timings[p])}`).join(', ')}>
        {phases.map((p, i) => (
          <span key={p} class={`ph ph${i % 6}`} style={{ width: `${((timings[p] as number) / total) * 100}%` }} title={`${WORDS[p] ?? p}: ${ms(timings[p])}`} />
        ))}
      </div>
      <ul class="legend">
        {phases.map((p, i) => (
          <li key={p}>
            <span class={`swatch ph${i % 6}`} aria-hidden="true" />
            {WORDS[p] ?? p} <strong>{ms(timings[p])}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
