import type { Phase, Timings } from '../core/types.js';

const WORDS: Record<Phase, string> = {
  dns: 'while resolving',
  connect: 'while connecting to',
  tls: 'during the TLS handshake with',
  send: 'while sending the request to',
  firstByte: 'waiting for the first byte from',
  body: 'while reading the response body from',
  banner: 'waiting for the banner from',
  starttls: 'during STARTTLS with',
  auth: 'while authenticating to',
  query: 'while running the query on',
  process: 'waiting for the process',
  upgrade: 'during the WebSocket upgrade with',
  reply: 'waiting for the reply from',
  handshake: 'during the handshake with',
};

/**
 * Tracks which phase a check is in and how long each took. The runner reads
 * `current` when the deadline fires, so a hung check is reported with the step
 * it hung in ("timed out after 5000 ms while connecting to 10.0.0.5:5432").
 */
export class Phases {
  private readonly started: number;
  private phase: Phase | undefined;
  private target = '';
  private phaseStart = 0;
  private readonly spent: Timings = {};

  constructor(private readonly now: () => number = () => performance.now()) {
    this.started = now();
  }

  /** Enter `phase`; `target` is what the phase talks to, e.g. `10.0.0.5:5432`. */
  enter(phase: Phase, target = ''): void {
    this.close();
    this.phase = phase;
    this.target = target;
    this.phaseStart = this.now();
  }

  /** Close the current phase (if any); timings stop accumulating for it. */
  close(): void {
    if (this.phase === undefined) return;
    this.spent[this.phase] = round((this.spent[this.phase] ?? 0) + this.now() - this.phaseStart);
    this.phase = undefined;
  }

  get current(): Phase | undefined {
    return this.phase;
  }

  /** "while connecting to 10.0.0.5:5432", or '' when no phase is open. */
  describe(): string {
    if (this.phase === undefined) return '';
    return this.target ? `${WORDS[this.phase]} ${this.target}` : WORDS[this.phase].replace(/ (to|with|from|on)$/, '');
  }

  elapsed(): number {
    return round(this.now() - this.started);
  }

  /** Completed phases plus `total`; closes the open phase. */
  finish(): Timings {
    this.close();
    return { ...this.spent, total: this.elapsed() };
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
