/** `tocsin oncall`: who is on call now (or at a time) and who is next, per schedule, from the file and the store's overrides. */
import type { Command } from 'commander';
import { configPath, databaseUrl, readConfig } from '../../config/file.js';
import { TocsinError } from '../../lib/errors.js';
import { whoIsOnCall, withStoredOverrides, type ScheduleNow } from '../../services/oncall.js';
import { withStore } from '../store.js';

export function registerOncall(program: Command): void {
  program
    .command('oncall')
    .option('--schedule <id>', 'only this schedule')
    .option('--at <time>', 'a time with a zone (2026-12-24T18:00:00Z) or epoch ms, instead of now')
    .option('--json', 'print as JSON')
    .description('who is on call now and who is next, per schedule')
    .addHelpText(
      'after',
      `
Reads schedules and people from the config file, and the overrides made through
the API from the store (when it cannot be read, the file's alone, said on stderr).
Times are shown in each schedule's own time zone.

Examples:
  tocsin oncall
  tocsin oncall --schedule primary --at 2026-12-25T03:00:00Z
  tocsin oncall --json | jq -r '.schedules[] | "\\(.id) \\(.now.name)"'`,
    )
    .action(async (options: { schedule?: string; at?: string; json?: boolean }, command: Command) => {
      const at = options.at === undefined ? Date.now() : timeOf(options.at);
      const file = await readConfig(configPath(command.optsWithGlobals<{ config?: string }>().config));
      if (!file.schedules) throw new TocsinError('not_found', 'the config file defines no schedules: add `schedules:` (see docs/oncall.md)');
      let config = file;
      try {
        config = await withStore(databaseUrl(file), 'read', (store) => withStoredOverrides(store.db, file, at));
      } catch (error) {
        process.stderr.write(`tocsin: overrides made through the API are not included: ${(error as Error).message}\n`);
      }
      const schedules = whoIsOnCall(config, at, options.schedule);
      process.stdout.write(options.json ? JSON.stringify(toJson(at, schedules), null, 2) + '\n' : render(schedules));
    });
}

function timeOf(text: string): number {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const ms = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms))
    throw new TocsinError('invalid_input', `--at: expected a time with a zone such as 2026-12-24T18:00:00Z, or epoch ms; got "${text}"`, { field: 'at' });
  return ms;
}

function toJson(at: number, schedules: ScheduleNow[]) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    at: iso(at),
    schedules: schedules.map((s) => ({
      ...s,
      now: s.now && { ...s.now, start: iso(s.now.start), end: iso(s.now.end) },
      next: s.next && { ...s.next, at: iso(s.next.at), ...('start' in s.next && { start: iso(s.next.start), end: iso(s.next.end) }) },
    })),
  };
}

function render(schedules: ScheduleNow[]): string {
  const rows = schedules.map((s) => [
    s.id,
    s.now ? `${s.now.name}${s.now.source === 'override' ? ' (override)' : ''}` : 'nobody',
    s.now ? local(s.now.end, s.time_zone) : '',
    s.next ? `${s.next.name} from ${local(s.next.at, s.time_zone)}` : '',
  ]);
  const table = [['SCHEDULE', 'ON CALL', 'UNTIL', 'NEXT'], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** "Mon 13 Jul 09:00 GMT+1": the schedule's own wall time, as its people read it. */
function local(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}
