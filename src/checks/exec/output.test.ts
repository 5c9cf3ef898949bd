import { describe, expect, it } from 'vitest';
import { splitPluginOutput } from './output.js';

describe('splitPluginOutput', () => {
  const cases: [string, string, ReturnType<typeof splitPluginOutput>][] = [
    [
      'reads a status line without perfdata',
      'PING OK - Packet loss = 0%, RTA = 0.80 ms\n',
      {
        text: 'PING OK - Packet loss = 0%, RTA = 0.80 ms',
        longText: '',
        perfdata: '',
      },
    ],
    [
      'separates the status text from its perfdata',
      'PING ok - Packet loss = 0%, RTA = 0.80 ms | percent_packet_loss=0, rta=0.80\n',
      {
        text: 'PING ok - Packet loss = 0%, RTA = 0.80 ms',
        longText: '',
        perfdata: 'percent_packet_loss=0, rta=0.80',
      },
    ],
    [
      'joins perfdata of the first line and of the long text, as in the docs example',
      'DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n' +
        '/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n' +
        '/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n/home=69357MB;253404;253409;0;253414 \n/var/log=818MB;970;975;0;980\n',
      {
        text: 'DISK OK - free space: / 3326 MB (56%);',
        longText: '/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n/var/log 819 MB (84%);',
        perfdata: '/=2643MB;5948;5958;0;5968 /boot=68MB;88;93;0;98\n/home=69357MB;253404;253409;0;253414 \n/var/log=818MB;970;975;0;980',
      },
    ],
    ['reads long text without perfdata', 'WARNING: 2 of 5 down\nnode-a\nnode-b\n', { text: 'WARNING: 2 of 5 down', longText: 'node-a\nnode-b', perfdata: '' }],
    ['reads output without a trailing newline', 'OK|x=1', { text: 'OK', longText: '', perfdata: 'x=1' }],
    ['reads empty output', '', { text: '', longText: '', perfdata: '' }],
  ];

  it.each(cases)('%s', (_name, stdout, expected) => {
    expect(splitPluginOutput(stdout)).toEqual(expected);
  });
});
