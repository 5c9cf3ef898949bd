import type { Check } from '../types.js';
import { judgeSsh } from './judge.js';
import { observeSsh } from './observe.js';
import type { SshSettings } from './schema.js';

/**
 * Does host:port answer as an SSH-2 server with the expected host key, and (with credentials)
 * does a key login work? On abort every socket is destroyed and the run rejects with the
 * signal's reason; the runner names the phase it hung in.
 */
export const sshCheck: Check<SshSettings> = {
  type: 'ssh',
  async run(settings, ctx) {
    const seen = await observeSsh(settings, ctx);
    const timings = ctx.phases.finish();
    return { ...judgeSsh(seen, settings), latencyMs: timings.total ?? 0, timings };
  },
};
