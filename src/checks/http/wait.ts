import type { EventEmitter } from 'node:events';

/**
 * Waits for `event` on a socket or request of a check, like `events.once(emitter, event, { signal })`
 * but without a listener on the signal per wait: every socket a check opens is tracked and destroyed
 * when its signal aborts, so the wait ends on `close` instead. Resolves with the event's first argument. Rejects on `error` as `once` does,
 * and with an AbortError (what `once` rejects with on abort) when the signal has aborted.
 */
export function waitFor<T = void>(emitter: EventEmitter, event: string, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(aborted(signal));
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      emitter.removeListener(event, onEvent);
      emitter.removeListener('error', onError);
      emitter.removeListener('close', onClose);
    };
    const onEvent = (value: T) => {
      done();
      resolve(value);
    };
    const onError = (error: unknown) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(signal.aborted ? aborted(signal) : new Error('socket hang up'));
    };
    emitter.on(event, onEvent);
    emitter.on('error', onError);
    emitter.on('close', onClose);
  });
}

/** The error `events.once` rejects with on abort: named AbortError, the signal's reason as its cause. */
export function aborted(signal: AbortSignal): Error {
  const error = new Error('The operation was aborted', { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}
