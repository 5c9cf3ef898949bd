/** `tocsin check <URL>` for the network check types of issue 19: which monitor each URL becomes. */
import { describe, expect, it } from 'vitest';
import { adHocMonitors } from '../../src/cli/ad-hoc.js';

describe('tocsin check URL forms', () => {
  it('pings the host of icmp://', () => {
    const [monitor] = adHocMonitors('icmp://192.0.2.7', 5000);
    expect(monitor).toMatchObject({ type: 'icmp', settings: { host: '192.0.2.7', count: 3, echo_interval: 1000 }, timeout: 5000 });
  });

  it('pings an IPv6 literal without its brackets', () => {
    expect(adHocMonitors('icmp://[2001:db8::7]', 5000)[0]).toMatchObject({ type: 'icmp', settings: { host: '2001:db8::7' } });
  });
});
