/** One action over many monitors, a few at a time: 50 acknowledgements must not be 50 requests at once, nor one after another. */
export interface BulkOutcome {
  done: string[];
  failed: { id: string; error: string }[];
}

export async function forEachLimited(ids: readonly string[], parallel: number, act: (id: string) => Promise<unknown>): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      try {
        await act(id);
        outcome.done.push(id);
      } catch (error) {
        outcome.failed.push({ id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, ids.length) }, worker));
  return outcome;
}

/** "Acknowledged 48 alerts; 2 failed: db (no open problem) …" */
export function bulkSummary(verb: string, outcome: BulkOutcome): string {
  const done = `${verb} ${outcome.done.length} ${outcome.done.length === 1 ? 'alert' : 'alerts'}`;
  if (outcome.failed.length === 0) return done;
  const first = outcome.failed
    .slice(0, 3)
    .map((f) => `${f.id} (${f.error})`)
    .join(', ');
  return `${done}; ${outcome.failed.length} failed: ${first}${outcome.failed.length > 3 ? ' …' : ''}`;
}
