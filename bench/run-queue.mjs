// node bench/run-queue.mjs (after `npx tsc -p tsconfig.build.json`): how long the engine's run queue
// takes to hand out a backlog of N waiting checks (limit 1,000 in flight, as in the engine), against
// the same queue read with Array.prototype.shift() as it was before 2026-12-06. A backlog builds
// whenever the engine falls behind (a stall, a start with every monitor overdue).
import { RunQueue } from '../dist/engine/run-queue.js';

class ShiftQueue {
  waiting = [];
  active = 0;
  constructor(limit) {
    this.limit = limit;
  }
  push(task) {
    this.waiting.push(task);
    this.drain();
  }
  done = () => {
    this.active--;
    this.drain();
  };
  drain() {
    while (this.active < this.limit && this.waiting.length > 0) {
      const task = this.waiting.shift();
      this.active++;
      task().then(this.done, this.done);
    }
  }
}

async function drainMs(Queue, backlog) {
  const queue = new Queue(1000);
  let left = backlog;
  let finished;
  const all = new Promise((resolve) => (finished = resolve));
  const task = async () => {
    if (--left === 0) finished();
  };
  const started = performance.now();
  for (let i = 0; i < backlog; i++) queue.push(task);
  await all;
  return performance.now() - started;
}

console.log('| waiting checks | run queue | with shift() | ratio |');
console.log('|---|---|---|---|');
for (const backlog of [10_000, 30_000, 100_000]) {
  const now = await drainMs(RunQueue, backlog);
  const before = await drainMs(ShiftQueue, backlog);
  console.log(`| ${backlog.toLocaleString('en-US')} | ${now.toFixed(1)} ms | ${before.toFixed(1)} ms | ${(before / now).toFixed(0)}× |`);
}
