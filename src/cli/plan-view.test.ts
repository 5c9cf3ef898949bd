import { describe, expect, it } from 'vitest';
import { formatPlan } from './plan-view.js';

describe('plan view', () => {
  it('prints one line per object and one per changed field, then a summary', () => {
    const text = formatPlan(
      [
        { kind: 'monitor', id: 'api', action: 'add' },
        {
          kind: 'monitor',
          id: 'web',
          action: 'change',
          fields: [
            { path: 'interval', before: 60000, after: 30000 },
            { path: 'settings.headers.Authorization', before: '••••', after: '••••', secret: true },
          ],
        },
        { kind: 'escalation', id: 'urgent', action: 'remove' },
      ],
      false,
    );
    expect(text).toBe(
      [
        '+ add     monitor api',
        '~ change  monitor web',
        '    interval: 60000 → 30000',
        '    settings.headers.Authorization: "••••" → "••••" (secret changed)',
        '- remove  escalation policy urgent (soft delete: restorable, history kept)',
        '1 to add, 1 to change, 0 to restore, 1 to remove',
        '',
      ].join('\n'),
    );
  });

  it('colours lines only when asked, and says when there is nothing to do', () => {
    expect(formatPlan([{ kind: 'channel', id: 'ops', action: 'add' }], true)).toContain('\x1b[32m+ add     channel ops\x1b[0m');
    expect(formatPlan([], true)).toBe('nothing to do: the store matches the config file\n');
  });
});
