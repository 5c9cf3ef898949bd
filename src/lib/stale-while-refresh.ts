/**
 * A value that is costly to compute and may be a little old: read returns the last value at once
 * and, when it is older than `maxAgeMs`, starts one refresh in the background. Only the very first
 * read waits. A failed refresh keeps the old value and is retried on a later read.
 */
export function staleWhileRefresh<T>(
  compute: () => Promise<T>,
  maxAgeMs: number,
  now: () => number,
  onError: (error: unknown) => void,
): () => Promise<T | undefined> {
  let value: T | undefined;
  let at = -Infinity;
  let running: Promise<void> | undefined;
  const refresh = () => {
    running ??= compute()
      .then((next) => {
        value = next;
        at = now();
      })
      .catch(onError)
      .finally(() => (running = undefined));
    return running;
  };
  return async () => {
    if (now() - at >= maxAgeMs) {
      const pending = refresh();
      if (value === undefined) await pending;
    }
    return value;
  };
}
