/**
 * The agent's results while the server cannot be reached: an append-only file of JSON lines, one
 * result per line, bounded in size. Past the bound the oldest results are dropped, and a log line
 * says how many and from when: losing the oldest keeps the newest, which still decide an alert.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../lib/logger.js';
import type { AgentResult } from '../../schema/api-agents.js';

export const BUFFER_FILE = 'tocsin-agent-buffer.jsonl';

export class DiskBuffer {
  readonly path: string;
  private bytes: number;

  constructor(
    dir: string,
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, BUFFER_FILE);
    this.bytes = existsSync(this.path) ? statSync(this.path).size : 0;
  }

  get empty(): boolean {
    return this.bytes === 0;
  }

  append(results: readonly AgentResult[]): void {
    if (results.length === 0) return;
    const text = results.map((r) => JSON.stringify(r) + '\n').join('');
    const size = Buffer.byteLength(text);
    if (this.bytes + size > this.maxBytes) this.dropOldest(size);
    appendFileSync(this.path, text);
    this.bytes += size;
  }

  /** Every buffered result, oldest first; a torn last line (a crash mid-write) is skipped. */
  read(): AgentResult[] {
    if (this.bytes === 0) return [];
    const out: AgentResult[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line.length === 0) continue;
      try {
        out.push(JSON.parse(line) as AgentResult);
      } catch {
        this.logger.warn({ path: this.path }, 'skipped an unreadable line of the agent buffer');
      }
    }
    return out;
  }

  /** Keeps only `rest` (what a replay could not send), or empties the file. */
  replace(rest: readonly AgentResult[]): void {
    if (rest.length === 0) {
      truncateSync(this.path, 0);
      this.bytes = 0;
      return;
    }
    const text = rest.map((r) => JSON.stringify(r) + '\n').join('');
    writeFileSync(this.path, text);
    this.bytes = Buffer.byteLength(text);
  }

  /** Room for `incoming` bytes and a quarter of the bound to spare, so the file is not rewritten at every append. */
  private dropOldest(incoming: number): void {
    const all = this.read();
    const target = Math.max(0, this.maxBytes * 0.75 - incoming);
    let kept = all.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)) + 1, 0);
    let drop = 0;
    while (drop < all.length && kept > target) kept -= Buffer.byteLength(JSON.stringify(all[drop++])) + 1;
    const first = all[0];
    const last = all[drop - 1];
    this.logger.warn(
      { path: this.path, dropped: drop, max_bytes: this.maxBytes },
      `agent buffer ${this.path} reached its bound of ${this.maxBytes} bytes: dropped the oldest ${drop} results` +
        (first && last ? ` (taken from ${new Date(first.at).toISOString()} to ${new Date(last.at).toISOString()})` : ''),
    );
    this.replace(all.slice(drop));
  }
}
