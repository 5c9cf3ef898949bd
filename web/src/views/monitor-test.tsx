/** "Test now": the server runs the check once with the form's settings and shows the result before saving. */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { ms } from '../format.js';
import { StatusBadge } from '../parts/status.js';
import type { Status } from '../types.js';
import { Timings } from './timings.js';

interface TestResult {
  status: Status;
  latency_ms: number;
  message: string;
  timings?: Record<string, number>;
}

export function TestNow({ body, disabled }: { body: Record<string, unknown>; disabled: boolean }) {
  const [result, setResult] = useState<TestResult | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await post<TestResult>('/api/v1/monitors/test', body));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0);
      setResult(undefined);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" disabled={disabled || busy} onClick={() => void run()}>
        {busy ? 'Testing…' : 'Test now'}
      </button>
      {error && <p class="problem">{error}</p>}
      {result && (
        <div class="test-result card" role="status">
          <p>
            <StatusBadge status={result.status} /> {ms(result.latency_ms)} — {result.message}
          </p>
          {result.timings && <Timings timings={result.timings} />}
        </div>
      )}
    </>
  );
}
