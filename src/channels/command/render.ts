/**
 * The command channel runs a program of the operator's choosing: argument
 * array, no shell (nothing in a monitor name can inject), the generic
 * webhook's JSON on stdin and the essentials in TOCSIN_* variables for
 * scripts that would rather not parse JSON.
 */
import { describe } from '../message.js';
import type { ChannelOf, Notification, RenderContext } from '../types.js';
import { webhookBody } from '../webhook/render.js';

export interface CommandRun {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

export function render(n: Notification, config: ChannelOf<'command'>, context: RenderContext): CommandRun {
  return {
    argv: [...config.command],
    stdin: `${JSON.stringify(webhookBody(n))}\n`,
    env: {
      TOCSIN_EVENT: n.event,
      TOCSIN_NOTIFICATION_ID: n.id,
      TOCSIN_MONITOR_ID: n.monitor.id,
      TOCSIN_MONITOR_NAME: n.monitor.name,
      TOCSIN_STATE: n.state,
      TOCSIN_PREVIOUS_STATE: n.previous_state,
      TOCSIN_DEDUP_KEY: n.dedup_key,
      TOCSIN_MESSAGE: describe(n, context).text,
    },
  };
}
