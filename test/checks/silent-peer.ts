import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CheckContext } from '../../src/checks/types.js';
import { testContext } from '../helpers/check-context.js';
import { startSilentListener, type TestListener } from '../helpers/tcp-servers.js';

/**
 * The Jenkins incident's fault: a database that accepts connections and never answers. The probe
 * must give up at once when aborted, name the phase it hung in, and close its socket.
 */
export function givesUpOnASilentPeer(phase: string, words: string, start: (port: number, ctx: CheckContext) => Promise<unknown>): void {
  describe('against a listener that accepts and never speaks', () => {
    let silent: TestListener;
    beforeAll(async () => {
      silent = await startSilentListener();
    });
    afterAll(() => silent.close());

    test(`gives up at once on abort, in the ${phase} phase, and closes its socket`, async () => {
      const { ctx, abort } = testContext(300);
      const started = performance.now();
      const settled = start(silent.port, ctx);
      await silent.firstAccepted();
      let hungIn = '';
      setTimeout(() => {
        hungIn = ctx.phases.describe();
        abort();
      }, 300);
      await expect(settled).rejects.toThrow('timed out after 300 ms');
      expect(performance.now() - started).toBeLessThan(2000);
      expect(hungIn).toBe(`${words} 127.0.0.1:${silent.port}`);
      await silent.allClosed();
    });
  });
}
