import { describe, expect, it } from 'vitest';
import { maskForPlan } from '../services/plan-mask.js';
import { diffFields } from './field-diff.js';

const asIs = (d: unknown) => d;

describe('field diff', () => {
  it('names each changed leaf with its old and new value, and absent sides as absent', () => {
    expect(
      diffFields(
        { interval: 60000, tags: ['a'], settings: { url: 'https://x', method: 'GET' } },
        { interval: 30000, tags: ['a', 'b'], settings: { url: 'https://x' }, group: 'web' },
        asIs,
      ),
    ).toEqual([
      { path: 'group', after: 'web' },
      { path: 'interval', before: 60000, after: 30000 },
      { path: 'settings.method', before: 'GET' },
      { path: 'tags', before: ['a'], after: ['a', 'b'] },
    ]);
  });

  it('matches status page components by name, not by position', () => {
    const before = {
      components: [
        { name: 'Web', monitors: ['a'] },
        { name: 'DB', monitors: ['db'] },
      ],
    };
    const after = {
      components: [
        { name: 'DB', monitors: ['db'] },
        { name: 'Web', monitors: ['a', 'b'] },
        { name: 'Mail', monitors: ['m'] },
      ],
    };
    expect(diffFields(before, after, asIs)).toEqual([
      { path: 'components["Web"].monitors', before: ['a'], after: ['a', 'b'] },
      { path: 'components["Mail"]', after: { name: 'Mail', monitors: ['m'] } },
    ]);
  });

  it('never shows a secret, and says when only a secret changed', () => {
    const channel = (token: string) => ({ type: 'webhook', url: `https://hooks.example.com/services/${token}`, headers: { Authorization: `Bearer ${token}` } });
    const changes = diffFields(channel('old-token-123'), channel('new-token-456'), (d) => maskForPlan('channel', d));
    expect(JSON.stringify(changes)).not.toMatch(/token-\d/);
    expect(changes.every((c) => c.secret === true)).toBe(true);
    const monitor = diffFields({ settings: { url: 'postgres://u:pw1@db/x' } }, { settings: { url: 'postgres://u:pw2@db/x' } }, (d) =>
      maskForPlan('monitor', d),
    );
    expect(monitor).toEqual([{ path: 'settings.url', before: 'postgres://u:••••@db/x', after: 'postgres://u:••••@db/x', secret: true }]);
  });
});
