import { describe, expect, it } from 'vitest';
import { judgeLoginAttempt, type FailedLogin } from './throttle.js';

const MIN = 60_000;
const NOW = 100 * 60 * MIN;
const from = (ip: string, minutesAgo: number[]): FailedLogin[] => minutesAgo.map((m) => ({ ip, at: NOW - m * MIN }));

describe('judgeLoginAttempt', () => {
  it.each<[string, FailedLogin[], ReturnType<typeof judgeLoginAttempt>]>([
    ['no failures', [], { allowed: true, left: 5 }],
    ['four recent failures', from('10.0.0.1', [1, 2, 3, 4]), { allowed: true, left: 1 }],
    ['five failures, the oldest 1 min ago', from('10.0.0.1', [1, 1, 1, 1, 1]), { allowed: false, message: 'too many failed logins for ana@example.org; try again in 14 min' }],
    ['five failures, the oldest 14.5 min ago', from('10.0.0.1', [14.5, 3, 2, 1, 0]), { allowed: false, message: 'too many failed logins for ana@example.org; try again in 1 min' }],
    ['five failures older than 15 min', from('10.0.0.1', [16, 17, 18, 19, 20]), { allowed: true, left: 5 }],
    ['five failures from another address', from('10.0.0.2', [1, 2, 3, 4, 5]), { allowed: true, left: 5 }],
    ['20 failures in the hour from rotating addresses', [...from('10.0.0.2', [50, 40, 30, 20]), ...Array.from({ length: 16 }, (_, i) => ({ ip: `10.1.0.${i}`, at: NOW - 10 * MIN }))], { allowed: false, message: 'ana@example.org is locked after 20 failed logins in the last hour; try again in 10 min, or ask an admin to set a new password' }],
    ['19 failures in the hour from rotating addresses', Array.from({ length: 19 }, (_, i) => ({ ip: `10.1.0.${i}`, at: NOW - 10 * MIN })), { allowed: true, left: 1 }],
  ])('with %s', (_name, failures, expected) => {
    expect(judgeLoginAttempt('ana@example.org', '10.0.0.1', failures, NOW)).toEqual(expected);
  });
});
