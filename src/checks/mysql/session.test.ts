import { describe, expect, test } from 'vitest';
import { beyondReading, privilegeRefusal } from './session.js';

describe('beyondReading', () => {
  test.each<[string, string[], string[]]>([
    [
      'MariaDB root',
      [
        'GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED VIA unix_socket WITH GRANT OPTION',
        "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION",
      ],
      ['ALL PRIVILEGES'],
    ],
    ['a reader with replication monitoring', ['GRANT SLAVE MONITOR ON *.* TO `probe`@`%`', 'GRANT SELECT ON `test`.* TO `probe`@`%`'], []],
    [
      'write privileges on one schema, which a read-only transaction stops',
      ['GRANT USAGE ON *.* TO `probe`@`%`', 'GRANT ALL PRIVILEGES ON `test`.* TO `probe`@`%`'],
      [],
    ],
    ['FILE among others', ['GRANT SELECT, PROCESS, FILE ON *.* TO `probe`@`%`'], ['FILE']],
    [
      'MySQL 8 dynamic privileges',
      ['GRANT SELECT ON *.* TO `probe`@`%`', 'GRANT CONNECTION_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `probe`@`%`'],
      ['CONNECTION_ADMIN', 'SYSTEM_VARIABLES_ADMIN'],
    ],
    ['MariaDB 10.5 admin privileges', ['GRANT SELECT, CONNECTION ADMIN, READ_ONLY ADMIN ON *.* TO `probe`@`%`'], ['CONNECTION ADMIN', 'READ_ONLY ADMIN']],
    ['SUPER, SHUTDOWN and RELOAD', ['GRANT RELOAD, SHUTDOWN, SUPER ON *.* TO `probe`@`%`'], ['RELOAD', 'SHUTDOWN', 'SUPER']],
  ])('%s', (_who, grants, held) => {
    expect(beyondReading(grants)).toEqual(held);
  });
});

describe('privilegeRefusal', () => {
  test('lets an account that only reads run its query', () => {
    expect(privilegeRefusal('probe', 'db:3306', [])).toBeUndefined();
  });

  test('names the first privileges held and how many more', () => {
    expect(privilegeRefusal('root', 'db:3306', ['FILE', 'SUPER', 'RELOAD', 'SHUTDOWN'])).toMatch(
      /^refused: user "root" on db:3306 holds FILE, SUPER, RELOAD and 1 more on \*\.\*; a probe only reads/,
    );
  });
});
