/**
 * `tocsin notify test <channel>`: renders a `test` notification and sends it straight to the
 * channel (not through the outbox), printing the receiver's answer, so a person setting up a
 * channel sees at once whether the URL, token or address is right.
 */
import type { Command } from 'commander';
import { deliver } from '../../channels/registry.js';
import { defaultRenderContext, type ChannelConfig, type Notification, type SendOutcome } from '../../channels/types.js';
import { parseDuration } from '../../lib/duration.js';
import { TocsinError } from '../../lib/errors.js';
import { configPath, readConfig } from '../config-file.js';

export interface TestResult {
  ok: boolean;
  /** One line for the person: the channel, the answer and how long it took. */
  line: string;
}

export function testNotification(channel: string, now: number): Notification {
  const at = new Date(now).toISOString();
  return {
    id: `test_${now.toString(36)}`,
    event: 'test',
    at,
    monitor: { id: 'tocsin', name: 'tocsin', type: 'test', target: channel },
    state: 'up',
    previous_state: 'up',
    since: at,
    message: `sent by tocsin notify test to the channel ${channel}`,
    dedup_key: `test/${channel}/${now}`,
  };
}

/** Sends the test notification and words the outcome; throws not_found for an unknown channel. */
export async function sendTest(channels: Record<string, ChannelConfig>, channel: string, timeoutMs: number): Promise<TestResult> {
  const config = channels[channel];
  if (!config) {
    const known = Object.keys(channels).join(', ');
    throw new TocsinError('not_found', `no channel "${channel}" in the config; configured channels: ${known || 'none (add some under channels:)'}`);
  }
  const started = performance.now();
  const outcome = await deliver(config, testNotification(channel, Date.now()), defaultRenderContext, { channel, timeoutMs });
  return describeOutcome(channel, outcome, Math.round(performance.now() - started));
}

/** "ops-webhook: HTTP 200 in 35 ms" — the status first, then whatever the receiver said. Pure. */
export function describeOutcome(channel: string, outcome: SendOutcome, ms: number): TestResult {
  if (outcome.ok) {
    const head = `HTTP ${outcome.status}`;
    const said = outcome.detail.startsWith(head) ? outcome.detail.slice(head.length).replace(/^:\s*/, '') : outcome.detail;
    const line = outcome.detail.startsWith(head) ? `${channel}: ${head} in ${ms} ms${said ? ` (${said})` : ''}` : `${channel}: ${outcome.detail} in ${ms} ms`;
    return { ok: true, line };
  }
  // Errors from the channels already start with the channel id and its host.
  const error = outcome.error.startsWith(channel) ? outcome.error : `${channel}: ${outcome.error}`;
  const advice = outcome.permanent
    ? 'the receiver refused the request: check the channel\'s URL, token or address'
    : 'a temporary failure: tocsin would keep retrying this for 24 h';
  return { ok: false, line: `${error} after ${ms} ms; ${advice}` };
}

export function registerNotify(program: Command): void {
  const notify = program.command('notify').description('notification channels');
  notify
    .command('test')
    .argument('<channel>', 'a channel id from the config')
    .option('--timeout <duration>', 'deadline of the attempt', '10s')
    .description('send a test notification to a channel now and print the receiver\'s answer')
    .addHelpText('after', '\nExit status: 0 when the receiver accepted it, 1 otherwise.\n\nExamples:\n  tocsin notify test ops-slack\n  tocsin notify test pager --timeout 30s')
    .action(async (channel: string, options: { timeout?: string }, command: Command) => {
      const timeoutMs = parseDuration(options.timeout ?? '10s');
      if (timeoutMs === undefined) throw new TocsinError('invalid_input', `--timeout ${options.timeout}: expected a duration such as 5s or 500ms`, { field: 'timeout' });
      const config = await readConfig(configPath(command.optsWithGlobals().config));
      const result = await sendTest(config.channels, channel, timeoutMs);
      (result.ok ? process.stdout : process.stderr).write(`${result.line}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });
}
