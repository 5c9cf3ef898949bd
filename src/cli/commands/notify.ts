/**
 * `tocsin notify test <channel>`: renders a `test` notification and sends it straight to the
 * channel (not through the outbox), printing the receiver's answer, so a person setting up a
 * channel sees at once whether the URL, token or address is right.
 */
import type { Command } from 'commander';
import { durationArgument } from '../arguments.js';
import { probeTargetPolicy } from '../../core/targets/policy.js';
import { parseDuration } from '../../lib/duration.js';
import { TocsinError } from '../../lib/errors.js';
import { sendTest } from '../../services/channel-test.js';
import { configPath, readConfig } from '../../config/file.js';

export { describeOutcome, sendTest, testNotification, type TestResult } from '../../services/channel-test.js';

export function registerNotify(program: Command): void {
  const notify = program.command('notify').description('notification channels');
  notify
    .command('test')
    .argument('<channel>', 'a channel id from the config')
    .option('--timeout <duration>', 'deadline of the attempt', durationArgument, '10s')
    .description("send a test notification to a channel now and print the receiver's answer")
    .addHelpText(
      'after',
      '\nExit status: 0 when the receiver accepted it, 1 otherwise.\n\nExamples:\n  tocsin notify test ops-slack\n  tocsin notify test pager --timeout 30s',
    )
    .action(async (channel: string, options: { timeout?: string }, command: Command) => {
      const timeoutMs = parseDuration(options.timeout ?? '10s');
      if (timeoutMs === undefined)
        throw new TocsinError('invalid_input', `--timeout ${options.timeout}: expected a duration such as 5s or 500ms`, { field: 'timeout' });
      const config = await readConfig(configPath(command.optsWithGlobals<{ config?: string }>().config));
      const result = await sendTest(config.channels, channel, timeoutMs, { targets: probeTargetPolicy(config.server.probe_targets) });
      (result.ok ? process.stdout : process.stderr).write(`${result.line}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });
}
