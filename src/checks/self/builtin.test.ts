import { describe, expect, it } from 'vitest';
import { testContext } from '../../../test/helpers/check-context.js';
import { builtinSelfMonitors } from './builtin.js';
import { selfCheck } from './check.js';
import { selfSettings } from './schema.js';

const defaults = { interval: 60_000, timeout: 10_000, alert: { down_after: 2, up_after: 1, unknown: 'notify' as const }, escalation: 'oncall' };

describe('built-in self monitors', () => {
  it('are tagged self, follow the default policy, and skip figures this store cannot give', () => {
    const monitors = builtinSelfMonitors({ defaults, hasDataDir: false, hasBackups: false });
    expect(monitors.map((m) => m.id)).toEqual([
      'tocsin-self-checks_per_minute',
      'tocsin-self-schedule_lag',
      'tocsin-self-outbox_backlog',
      'tocsin-self-oldest_undelivered',
      'tocsin-self-failing_channels',
      'tocsin-self-db_write_latency',
    ]);
    for (const m of monitors) expect(m).toMatchObject({ type: 'self', tags: ['self'], interval: 60_000, escalation: 'oncall', alert: defaults.alert });
  });

  it('run at least every 30 s however short defaults.interval is', () => {
    const [first] = builtinSelfMonitors({ defaults: { ...defaults, interval: 1_000, timeout: 1_000 }, hasDataDir: false, hasBackups: false });
    expect(first).toMatchObject({ interval: 30_000, timeout: 5_000 });
  });

  it('include free space with a data directory and backup age when backups exist', () => {
    const ids = builtinSelfMonitors({ defaults, hasDataDir: true, hasBackups: true }).map((m) => m.id);
    expect(ids).toContain('tocsin-self-disk_free');
    expect(ids).toContain('tocsin-self-backup_age');
  });

  it('have settings the self schema accepts', () => {
    for (const m of builtinSelfMonitors({ defaults, hasDataDir: true, hasBackups: true })) expect(selfSettings.parse(m.settings)).toEqual(m.settings);
  });
});

describe('the self check outside a running engine', () => {
  it('is unknown, and says where to look instead', async () => {
    const result = await selfCheck.run({ metric: 'outbox_backlog' }, testContext().ctx);
    expect(result).toMatchObject({ status: 'unknown' });
    expect(result.message).toMatch(/^outbox_backlog cannot be measured: self monitors measure the running engine/);
  });
});
