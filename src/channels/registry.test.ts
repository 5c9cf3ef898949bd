import { describe, expect, it } from 'vitest';
import { channelTypes } from '../schema/channels.js';
import { deliver, drivers } from './registry.js';
import { context, notification } from './testing/fixtures.js';

describe('channel registry', () => {
  it('has a driver for every channel type the config accepts, under its own name', () => {
    expect(Object.keys(drivers).sort()).toEqual([...channelTypes].sort());
    for (const [name, driver] of Object.entries(drivers)) expect(driver.type).toBe(name);
  });

  it('reports a notification that cannot be rendered as a permanent failure instead of throwing', async () => {
    const broken = { ...notification(), at: 'not a time' };
    const outcome = await deliver({ type: 'pushover', token: 't', user: 'u' }, broken, context, { channel: 'phone', timeoutMs: 1000 });
    expect(outcome).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^phone: could not render the monitor.down notification: /) });
  });
});
