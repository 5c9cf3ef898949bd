import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../../channels/types.js';
import { attackMessage, emailChannelsFor } from './account-notice.js';

const mail = (to: string[]): ChannelConfig => ({ type: 'email', smtp: 'smtp://127.0.0.1:2525', from: 'tocsin@example.org', to });

describe('emailChannelsFor', () => {
  it.each<[string, Record<string, ChannelConfig>, string[]]>([
    ['no channels', {}, []],
    ['no email channel', { chat: { type: 'slack', url: 'http://127.0.0.1:9/hook' } }, []],
    [
      'a channel addressed to the account, bare or named, in any case',
      { ops: mail(['ops@example.org']), ana: mail(['Ana <ANA@Example.org>']), both: mail(['ana@example.org', 'ops@example.org']) },
      ['ana', 'both'],
    ],
    ['only channels addressed to others: all of them', { ops: mail(['ops@example.org']), oncall: mail(['oncall@example.org']) }, ['ops', 'oncall']],
  ])('with %s', (_name, channels, expected) => {
    expect(emailChannelsFor(channels, 'ana@example.org')).toEqual(expected);
  });
});

describe('attackMessage', () => {
  it('says what happened, that nothing is locked, and what to do', () => {
    expect(attackMessage('ana@example.org', 20, 1)).toBe(
      '20 failed sign-ins to ana@example.org in the last hour, from 1 address. tocsin did not lock the account: new addresses wait a few seconds between tries, and addresses you signed in from before are not held. If these were not you, choose a new password and turn on two-factor sign-in.',
    );
  });
});
