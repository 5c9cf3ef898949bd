import type { FileOnly } from '../../checks/target.js';

/** Commands run with tocsin's own rights: whoever can write the API must not gain a shell on the host. */
export const fileOnly = (): FileOnly => ({
  field: 'type',
  message: 'command channels run programs on this host, so they can only be defined in tocsin.yaml',
  expected: 'a channel type other than command',
});
