/**
 * An API monitor keeps the alert thresholds it set itself apart from those it inherits: decoding
 * re-resolves the inherited ones from defaults.alert as it is now, and the form reads back only its own.
 */
import { describe, expect, it } from 'vitest';
import { decodeMonitorDefinition, followDefaults, OWN_ALERT } from '../../src/store/monitor-codec.js';
import { ownAndInherited } from '../../web/src/draft.js';

const stored = {
  id: 'web',
  name: 'web',
  type: 'tcp',
  interval: 60_000,
  timeout: 10_000,
  tags: [],
  depends_on: [],
  paused: false,
  alert: { down_after: 2, up_after: 3, unknown: 'notify' },
  settings: { host: '127.0.0.1', port: 9 },
};

describe('own and inherited alert thresholds', () => {
  it('follows the defaults where the monitor set nothing, keeps what it set', () => {
    const decoded = decodeMonitorDefinition({ ...stored, [OWN_ALERT]: { up_after: 3 } }, 1);
    if (!decoded.ok) throw new Error(decoded.problem);
    expect(decoded.monitor).not.toHaveProperty(OWN_ALERT);
    expect(followDefaults(decoded, { down_after: 5, up_after: 1, unknown: 'degraded' }).alert).toEqual({ down_after: 5, up_after: 3, unknown: 'degraded' });
  });

  it('leaves a definition written before own thresholds were kept as it was stored', () => {
    const decoded = decodeMonitorDefinition(stored, 1);
    if (!decoded.ok) throw new Error(decoded.problem);
    expect(decoded.ownAlert).toBeUndefined();
    expect(followDefaults(decoded, { down_after: 5, up_after: 1, unknown: 'degraded' }).alert).toEqual(stored.alert);
  });

  it('an empty own set inherits everything', () => {
    const decoded = decodeMonitorDefinition({ ...stored, [OWN_ALERT]: {} }, 1);
    if (!decoded.ok) throw new Error(decoded.problem);
    expect(followDefaults(decoded, { down_after: 7, up_after: 1, unknown: 'notify' }).alert).toEqual({ down_after: 7, up_after: 1, unknown: 'notify' });
  });

  it('the form shows only the own thresholds as values, the rest as inherited', () => {
    expect(ownAndInherited({ alert: { down_after: 2, up_after: 3, unknown: 'notify' }, alert_own: { up_after: 3 } })).toEqual({
      own: { up_after: 3 },
      inherited: { down_after: 2, unknown: 'notify' },
    });
    expect(ownAndInherited({ alert: { down_after: 2, up_after: 1, unknown: 'notify' } })).toEqual({
      own: { down_after: 2, up_after: 1, unknown: 'notify' },
      inherited: {},
    });
  });
});
