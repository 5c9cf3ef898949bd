import { describe, expect, it } from 'vitest';
import { StatusCache, type PageSource } from './cache.js';
import type { PageView } from './model.js';

const view = (title: string): PageView => ({
  slug: 'public',
  title,
  description: undefined,
  logo: undefined,
  level: 'operational',
  components: [],
  active: [],
  maintenance: [],
  resolved: [],
  generatedAt: 0,
});

/** A source whose config version and title a test sets, and whose gather a test can hold. */
function source() {
  const state = { version: 1, title: 'v1', hold: undefined as Promise<void> | undefined, gathers: 0 };
  const pages: PageSource = {
    fingerprint: async () => 'same',
    gather: async () => {
      state.gathers++;
      const title = state.title;
      await state.hold;
      return view(title);
    },
    pageUrl: () => undefined,
    version: () => state.version,
  };
  return { state, pages };
}

const options = {
  now: () => 0,
  checkEveryMs: 60_000,
  links: () => ({ assets: '/a/', self: 'public', feeds: 'public', refreshSeconds: 30, subscribe: 'public/subscribe' }),
};

describe('StatusCache', () => {
  it('serves the cached page while the config version is unchanged', async () => {
    const { state, pages } = source();
    const cache = new StatusCache(pages, options);
    await cache.get('public');
    state.title = 'v2';
    expect((await cache.get('public'))?.view.title).toBe('v1');
    expect(state.gathers).toBe(1);
  });

  it('renders again on the first request under a new config version, though nothing else changed', async () => {
    const { state, pages } = source();
    const cache = new StatusCache(pages, options);
    await cache.get('public');
    state.title = 'v2';
    state.version = 2;
    expect((await cache.get('public'))?.view.title).toBe('v2');
  });

  it('does not answer a request under a new version with a rebuild still running under the old one', async () => {
    const { state, pages } = source();
    const cache = new StatusCache(pages, options);
    let release = () => {};
    state.hold = new Promise((resolve) => (release = resolve));
    const old = cache.get('public');
    for (let i = 0; i < 100 && state.gathers === 0; i++) await Promise.resolve();
    expect(state.gathers).toBe(1);
    state.version = 2;
    state.title = 'v2';
    state.hold = undefined;
    const fresh = await cache.get('public');
    release();
    expect((await old)?.view.title).toBe('v1');
    expect(fresh?.view.title).toBe('v2');
    expect((await cache.get('public'))?.view.title).toBe('v2');
  });
});
