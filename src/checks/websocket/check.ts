import type { Check } from '../types.js';
import { judgeWebsocket } from './judge.js';
import { observeWebsocket } from './observe.js';
import type { WebsocketSettings } from './schema.js';

/** Opens ws:// or wss://, optionally sends, expects a reply and a close code; phases timed. */
export const websocketCheck: Check<WebsocketSettings> = {
  type: 'websocket',
  async run(settings, ctx) {
    const seen = await observeWebsocket(settings, ctx);
    const timings = ctx.phases.finish();
    return { ...judgeWebsocket(seen, settings), latencyMs: timings.total ?? 0, timings };
  },
};
