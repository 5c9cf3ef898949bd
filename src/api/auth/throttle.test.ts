import { describe, expect, it } from 'vitest';
import { afterFailure, formatWait, growingWait, judgeAccountChange, judgeLogin, type Gate, type LoginFacts, type Tally } from './throttle.js';

const S = 1000;
const NOW = 1_000_000_000;
const none: Tally = { count: 0, lastAt: 0 };
const ago = (count: number, ms: number): Tally => ({ count, lastAt: NOW - ms });
const facts = (f: Partial<LoginFacts>): LoginFacts => ({ pair: none, account: none, source: none, known: false, ...f });
const wait = (waitMs: number, message: string): Gate => ({ allowed: false, waitMs, message });

describe('growingWait', () => {
  it.each([
    [0, 0],
    [1, 1 * S],
    [2, 2 * S],
    [4, 8 * S],
    [10, 512 * S],
    [11, 900 * S],
    [1_000, 900 * S],
  ])('after %i failures waits %i ms (capped at 15 min)', (failures, expected) => {
    expect(growingWait(failures, 900 * S)).toBe(expected);
  });
});

describe('judgeLogin', () => {
  it.each<[string, Partial<LoginFacts>, Gate]>([
    ['no failures anywhere', {}, { allowed: true }],
    ['three failures of the pair just now: typos', { pair: ago(3, 0) }, { allowed: true }],
    [
      'four failures of the pair 0.4 s ago',
      { pair: ago(4, 400) },
      wait(600, 'too many failed sign-ins to ana@example.org from your address; try again in 1 s'),
    ],
    ['four failures of the pair 1 s ago', { pair: ago(4, S) }, { allowed: true }],
    [
      'seven failures of the pair 2 s ago',
      { pair: ago(7, 2 * S) },
      wait(6 * S, 'too many failed sign-ins to ana@example.org from your address; try again in 6 s'),
    ],
    [
      'fifteen failures of the pair a minute ago',
      { pair: ago(15, 60 * S) },
      wait(840 * S, 'too many failed sign-ins to ana@example.org from your address; try again in 14 min'),
    ],
    ['fifteen failures of the pair 15 min ago', { pair: ago(15, 900 * S) }, { allowed: true }],
    [
      'a known source with its own failures',
      { known: true, pair: ago(4, 0) },
      wait(S, 'too many failed sign-ins to ana@example.org from your address; try again in 1 s'),
    ],
    ['four failures of the account from elsewhere, just now', { account: ago(4, 0) }, { allowed: true }],
    [
      'five failures of the account from elsewhere, just now',
      { account: ago(5, 0) },
      wait(S, 'many failed sign-ins to ana@example.org from other addresses, so new addresses wait between tries; try again in 1 s'),
    ],
    [
      '20 failures of the account from 20 addresses, just now',
      { account: ago(20, 0) },
      wait(10 * S, 'many failed sign-ins to ana@example.org from other addresses, so new addresses wait between tries; try again in 10 s'),
    ],
    ['20 failures of the account, the last 10 s ago', { account: ago(20, 10 * S) }, { allowed: true }],
    ['20 failures of the account, from a source that signed in before', { account: ago(20, 0), known: true }, { allowed: true }],
    ['nine failures of the source against other accounts', { source: ago(9, 0) }, { allowed: true }],
    ['ten failures of the source against other accounts', { source: ago(10, 0) }, wait(S, 'too many failed sign-ins from your address; try again in 1 s')],
    ['50 failures of the source, 20 s ago', { source: ago(50, 20 * S) }, wait(40 * S, 'too many failed sign-ins from your address; try again in 40 s')],
    ['50 failures of the source, for an account it signed in to before', { source: ago(50, 0), known: true }, { allowed: true }],
    [
      'the longest of several waits',
      { pair: ago(5, 0), account: ago(8, 0) },
      wait(8 * S, 'many failed sign-ins to ana@example.org from other addresses, so new addresses wait between tries; try again in 8 s'),
    ],
  ])('with %s', (_name, given, expected) => {
    expect(judgeLogin('ana@example.org', facts(given), NOW)).toEqual(expected);
  });

  it('lets the right password from a fresh address in within 10 s of 20 failures from 20 addresses', () => {
    let seen = facts({});
    for (let i = 0; i < 20; i++) seen = { ...afterFailure(seen, NOW), source: none, pair: none };
    expect(judgeLogin('ana@example.org', seen, NOW + 9 * S)).toMatchObject({ allowed: false });
    expect(judgeLogin('ana@example.org', seen, NOW + 10 * S)).toEqual({ allowed: true });
  });
});

describe('judgeAccountChange', () => {
  it.each<[string, Tally, Gate]>([
    ['no wrong guesses', none, { allowed: true }],
    ['three wrong guesses, the last just now', ago(3, 0), wait(4 * S, 'too many wrong passwords or codes; try again in 4 s')],
    ['three wrong guesses, the last 4 s ago', ago(3, 4 * S), { allowed: true }],
    ['961 wrong guesses', ago(961, 0), wait(900 * S, 'too many wrong passwords or codes; try again in 15 min')],
  ])('with %s', (_name, tally, expected) => {
    expect(judgeAccountChange(tally, NOW)).toEqual(expected);
  });
});

describe('formatWait', () => {
  it.each([
    [1, '1 s'],
    [1000, '1 s'],
    [1001, '2 s'],
    [89_000, '89 s'],
    [90_000, '2 min'],
    [900_000, '15 min'],
  ])('writes %i ms as "%s"', (ms, expected) => {
    expect(formatWait(ms)).toBe(expected);
  });
});
