import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const niceOf = (tid: number) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
const linux = process.platform === 'linux';
// A worker thread runs JavaScript only: the compiled module (`npm test` builds first).
const compiled = new URL('../../dist/lib/thread-priority.js', import.meta.url);
const built = existsSync(fileURLToPath(compiled));

describe.skipIf(!linux || !built)('lowerThisThread', () => {
  it('lowers the thread that calls it and leaves the process main thread as it was', async () => {
    const mainTid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const before = niceOf(mainTid);
    const source = `
      const { parentPort } = require('node:worker_threads');
      const { readlinkSync } = require('node:fs');
      import(${JSON.stringify(compiled.href)}).then(({ lowerThisThread }) => {
        setInterval(() => {}, 1000);
        parentPort.postMessage({ lowered: lowerThisThread(), tid: Number(readlinkSync('/proc/thread-self').split('/').pop()) });
      }, (error) => parentPort.postMessage({ error: String(error) }));`;
    const worker = new Worker(source, { eval: true });
    const reply = await new Promise<{ lowered?: boolean; tid?: number; error?: string }>((resolve) => worker.once('message', resolve));
    try {
      expect(reply.error).toBeUndefined();
      expect(reply.lowered).toBe(true);
      expect(niceOf(reply.tid!)).toBe(10);
      expect(before).toBeLessThan(10);
      expect(niceOf(mainTid)).toBe(before);
    } finally {
      await worker.terminate();
    }
  });
});
