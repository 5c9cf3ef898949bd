/**
 * Collects stdout and stderr under one byte budget. Past the budget, chunks are
 * still consumed and dropped: a plugin blocked on a full pipe would never exit.
 */
export class OutputCapture {
  private readonly chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  private used = 0;
  private cut = false;

  constructor(private readonly limit: number) {}

  sink(stream: 'stdout' | 'stderr'): (chunk: Buffer) => void {
    return (chunk) => {
      const room = this.limit - this.used;
      if (chunk.length > room) this.cut = true;
      if (room <= 0) return;
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.chunks[stream].push(kept);
      this.used += kept.length;
    };
  }

  result(): { stdout: string; stderr: string; truncated: boolean } {
    return {
      stdout: Buffer.concat(this.chunks.stdout).toString('utf8'),
      stderr: Buffer.concat(this.chunks.stderr).toString('utf8'),
      truncated: this.cut,
    };
  }
}
