/**
 * Calls to a worker thread that answers one request at a time, in order: each request gets a
 * sequence number, its answer or error comes back under it, and a worker that stops, fails or does
 * not answer in time has its waiting calls refused and is started afresh on the next call. Used by the
 * SQLite workers (uptime counts, result writes), whose connections are synchronous and must not run
 * on the engine's thread.
 */
import { parentPort, Worker, type Transferable } from 'node:worker_threads';
import { HELPER_THREAD_LIMITS } from './thread-memory.js';
import { lowerThisThread } from './thread-priority.js';

type Envelope<T> = { seq: number; request: T };
type Reply<A> = { seq: number; answer: A } | { seq: number; error: string };

export class ThreadCalls<Request, Answer> {
  private worker?: Worker;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  private closed = false;

  /**
   * `name` says which worker in errors: "the uptime worker did not answer within 120 s". When
   * `endWhenIdle` answers true after a call, the thread is ended once no call waits, and the next call
   * starts one: for work a minute or more apart, where an idle thread would keep its heap (~15 MB) for
   * nothing. Starting one costs ~0.5 s of CPU (a V8 heap, better-sqlite3, kysely).
   */
  constructor(
    private readonly entry: URL,
    private readonly workerData: unknown,
    private readonly name: string,
    private readonly timeoutMs: number,
    private readonly options: { endWhenIdle?: () => boolean } = {},
  ) {}

  async call(request: Request, transfer: readonly Transferable[] = []): Promise<Answer> {
    if (this.closed) throw new Error(`the ${this.name} is stopped`);
    const worker = this.start();
    const seq = ++this.seq;
    const answer = new Promise<Answer>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    const timer = setTimeout(() => this.fail(new Error(`the ${this.name} did not answer within ${this.timeoutMs / 1000} s`), true), this.timeoutMs);
    timer.unref();
    try {
      worker.postMessage({ seq, request } satisfies Envelope<Request>, [...transfer]);
      return await answer;
    } catch (error) {
      this.waiting.delete(seq);
      throw error;
    } finally {
      clearTimeout(timer);
      if (this.waiting.size === 0 && this.worker === worker && this.options.endWhenIdle?.()) {
        this.worker = undefined;
        void worker.terminate();
      }
    }
  }

  /** Ends the thread; calls still waiting are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.fail(new Error(`the ${this.name} is stopped`), false);
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, { workerData: this.workerData, resourceLimits: HELPER_THREAD_LIMITS });
    worker.on('message', (reply: Reply<Answer>) => {
      const waiting = this.waiting.get(reply.seq);
      if (!waiting) return;
      this.waiting.delete(reply.seq);
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.answer);
    });
    // A thread already replaced or ended on purpose (idle, or past its time) has no calls of its own left.
    worker.on('error', (error) => {
      if (this.worker === worker) this.fail(error, false);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.fail(new Error(`the ${this.name} stopped (exit code ${code})`), false);
    });
    this.worker = worker;
    return worker;
  }

  private fail(error: Error, terminate: boolean): void {
    const worker = this.worker;
    if (terminate && worker) {
      this.worker = undefined;
      void worker.terminate();
    }
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

/**
 * The worker's side: answers each request with `handle`, one at a time in the order they came. A
 * failure is sent back as its message; `onError` may reset what failed (a connection) before the next.
 */
export function serveCalls<Request, Answer>(
  handle: (request: Request) => Promise<{ answer: Answer; transfer?: Transferable[] }>,
  onError: () => Promise<void> = async () => {},
): void {
  // Background work: the engine's thread, which starts checks on their slots, gets the core first.
  lowerThisThread();
  let queue = Promise.resolve();
  parentPort?.on('message', ({ seq, request }: Envelope<Request>) => {
    queue = queue.then(async () => {
      try {
        const { answer, transfer = [] } = await handle(request);
        parentPort?.postMessage({ seq, answer } satisfies Reply<Answer>, transfer);
      } catch (error) {
        await onError();
        parentPort?.postMessage({ seq, error: error instanceof Error ? error.message : String(error) } satisfies Reply<Answer>);
      }
    });
  });
}
