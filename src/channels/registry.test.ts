import { describe, expect, it } from 'vitest';
import { channelTypes } from '../schema/channels.js';
import { channelFileOnly, deliver, drivers } from './registry.js';
import { context, notification } from './testing/fixtures.js';

describe('channel registry', () => {
  it('has a driver for every channel type the config accepts, under its own name', () => {
    expect(Object.keys(drivers).sort()).toEqual([...channelTypes].sort());
    for (const [name, driver] of Object.entries(drivers)) expect(driver.type).toBe(name);
  });

  it('keeps only command channels to tocsin.yaml, as each channel declares in its folder', () => {
    const fileOnly = Object.keys(drivers).filter((type) => drivers[type as keyof typeof drivers].fileOnly !== undefined);
    expect(fileOnly).toEqual(['command']);
    expect(channelFileOnly({ type: 'command', command: ['/bin/true'] })).toMatchObject({
      field: 'type',
      message: expect.stringMatching(/only be defined in tocsin.yaml/),
    });
    expect(channelFileOnly({ type: 'slack', url: 'https://hooks.slack.com/x' })).toBeUndefined();
  });

  it('reports a notification that cannot be rendered as a permanent failure instead of throwing', async () => {
    const broken = { ...notification(), at: 'not a time' };
    const outcome = await deliver({ type: 'pushover', token: 't', user: 'u' }, broken, context, { channel: 'phone', timeoutMs: 1000 });
    expect(outcome).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^phone: could not render the monitor.down notification: /) });
  });
});
