import { describe, expect, it } from 'vitest';
import { judgeExec, redact, type ExecVerdict } from './judge.js';
import type { ProcessOutcome } from './process.js';

const PROGRAM = '/usr/lib/nagios/plugins/check_thing';

function exited(code: number | null, stdout: string, more: Partial<Extract<ProcessOutcome, { kind: 'exited' }>> = {}): ProcessOutcome {
  return { kind: 'exited', code, signal: null, stdout, stderr: '', truncated: false, ...more };
}

function spawnFailed(errno: string, cwdMissing = false): ProcessOutcome {
  return { kind: 'spawnFailed', errno, detail: `spawn ${PROGRAM} ${errno}`, cwd: '/srv/gone', cwdMissing };
}

describe('judgeExec', () => {
  const cases: [string, ProcessOutcome, ExecVerdict][] = [
    [
      'marks exit 0 up with the status text',
      exited(0, 'DISK OK - free space: / 3326 MB (56%);\n'),
      {
        status: 'up',
        message: 'DISK OK - free space: / 3326 MB (56%);',
      },
    ],
    ['marks exit 1 degraded', exited(1, 'LOAD WARNING - load average: 7.1\n'), { status: 'degraded', message: 'LOAD WARNING - load average: 7.1' }],
    ['marks exit 2 down', exited(2, 'HTTP CRITICAL - 500 Internal Server Error\n'), { status: 'down', message: 'HTTP CRITICAL - 500 Internal Server Error' }],
    [
      'marks exit 3 unknown',
      exited(3, 'Invalid hostname/address\n'),
      {
        status: 'unknown',
        message: 'plugin reported UNKNOWN: Invalid hostname/address',
      },
    ],
    [
      'marks a code outside 0-3 unknown, naming the code',
      exited(127, 'oops\n'),
      {
        status: 'unknown',
        message: 'plugin exited with code 127, which is not a Nagios status (0-3): oops',
      },
    ],
    ['names the signal that killed the plugin', exited(null, '', { signal: 'SIGSEGV' }), { status: 'down', message: 'check_thing was killed by SIGSEGV' }],
    [
      'keeps what a killed plugin printed',
      exited(null, 'half a line', { signal: 'SIGKILL' }),
      {
        status: 'down',
        message: 'check_thing was killed by SIGKILL: half a line',
      },
    ],
    [
      'turns perfdata into metrics, whatever the status',
      exited(2, 'TCP CRITICAL|time=0.5s;;;0;10\n'),
      {
        status: 'down',
        message: 'TCP CRITICAL',
        metrics: { time: 0.5, time_min: 0, time_max: 10 },
        perfdataUnits: { time: 'seconds' },
      },
    ],
    [
      'falls back to stderr when stdout is empty',
      exited(2, '', { stderr: '\n/bin/sh: 1: curl: not found\nmore\n' }),
      {
        status: 'down',
        message: '/bin/sh: 1: curl: not found',
      },
    ],
    ['says when a plugin printed nothing', exited(1, ''), { status: 'degraded', message: 'check_thing exited 1 (WARNING) without printing anything' }],
    ['says when an UNKNOWN plugin printed nothing', exited(3, ''), { status: 'unknown', message: 'plugin reported UNKNOWN: check_thing printed nothing' }],
    [
      'notes truncated output and drops the cut-off last line',
      exited(0, 'OK | a=1\nlong | b=2\nc=12', { truncated: true }),
      {
        status: 'up',
        message: 'OK (output truncated at 64 kB)',
        metrics: { a: 1, b: 2 },
        perfdataUnits: { a: '', b: '' },
      },
    ],
    ['names a missing program', spawnFailed('ENOENT'), { status: 'down', message: `${PROGRAM}: no such file` }],
    ['names a missing working directory', spawnFailed('ENOENT', true), { status: 'down', message: `${PROGRAM}: working directory /srv/gone does not exist` }],
    ['names a program that is not executable', spawnFailed('EACCES'), { status: 'down', message: `${PROGRAM}: permission denied (is it executable?)` }],
    [
      'reports any other spawn error with its code',
      spawnFailed('E2BIG'),
      { status: 'down', message: `${PROGRAM}: could not start (E2BIG: spawn ${PROGRAM} E2BIG)` },
    ],
    [
      'reports an abort with its reason',
      { kind: 'aborted', reason: 'timed out after 300 ms waiting for the process check_thing' },
      {
        status: 'down',
        message: 'timed out after 300 ms waiting for the process check_thing; stopped check_thing and its process group',
      },
    ],
  ];

  it.each(cases)('%s', (_name, outcome, expected) => {
    expect(judgeExec(PROGRAM, outcome)).toEqual(expected);
  });

  it('suggests a full path when a bare program name is not in PATH', () => {
    expect(judgeExec('check_disk', spawnFailed('ENOENT'))).toEqual({
      status: 'down',
      message: 'check_disk: not found in PATH; give its full path, e.g. /usr/lib/nagios/plugins/check_disk',
    });
  });

  it('caps a long status line at about 300 characters', () => {
    const { message } = judgeExec(PROGRAM, exited(0, `${'x'.repeat(1000)}\n`));
    expect(message).toHaveLength(300);
    expect(message.endsWith('…')).toBe(true);
  });

  it('keeps credentials out of the message', () => {
    const { message } = judgeExec(PROGRAM, exited(2, 'CRITICAL - cannot reach https://admin:hunter2@db.example/ with password=hunter2\n'));
    expect(message).not.toContain('hunter2');
    expect(message).toBe('CRITICAL - cannot reach https://admin:***@db.example/ with password=***');
  });
});

describe('redact', () => {
  it.each([
    ['postgres://u:p4ss@h:5432/db', 'postgres://u:***@h:5432/db'],
    ['token=abc123&x=1', 'token=***&x=1'],
    ['no secrets here: 12 ms', 'no secrets here: 12 ms'],
  ])('turns %s into %s', (input, output) => {
    expect(redact(input)).toBe(output);
  });
});
