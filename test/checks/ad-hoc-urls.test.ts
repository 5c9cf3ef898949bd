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

  it('sends the send or send_hex parameter to udp://host:port and expects the expect parameter', () => {
    expect(adHocMonitors('udp://10.0.0.9:514?send=hello&expect=ok', 5000)[0]).toMatchObject({
      type: 'udp',
      settings: { host: '10.0.0.9', port: 514, send: 'hello', expect: { contains: 'ok' } },
    });
    expect(adHocMonitors('udp://[::1]:123?send_hex=1b00', 5000)[0]).toMatchObject({ type: 'udp', settings: { host: '::1', port: 123, send_hex: '1b00' } });
    expect(adHocMonitors('udp://10.0.0.9:514', 5000)[0]).toMatchObject({ type: 'udp', settings: { send: '' } });
  });

  it('opens ws:// and wss:// URLs as they are', () => {
    expect(adHocMonitors('wss://live.example.org/socket?room=1', 5000)[0]).toMatchObject({
      type: 'websocket',
      settings: { url: 'wss://live.example.org/socket?room=1', verify_tls: true },
    });
    expect(adHocMonitors('ws://[::1]:8080/', 5000)[0]).toMatchObject({ type: 'websocket', settings: { url: 'ws://[::1]:8080/' } });
  });

  it('asks grpc://host:port/service over plaintext and grpcs:// over TLS', () => {
    expect(adHocMonitors('grpc://10.0.0.7:50051/shop.Orders', 5000)[0]).toMatchObject({
      type: 'grpc',
      settings: { host: '10.0.0.7', port: 50051, service: 'shop.Orders', tls: false },
    });
    expect(adHocMonitors('grpcs://orders.example.org:443', 5000)[0]).toMatchObject({
      type: 'grpc',
      settings: { host: 'orders.example.org', port: 443, service: '', tls: true },
    });
  });

  it('names what a grpc:// URL lacks or gets wrong', () => {
    expect(() => adHocMonitors('grpc://10.0.0.7/shop.Orders', 5000)).toThrow(
      'grpc://10.0.0.7/shop.Orders: a grpc:// URL needs a port, e.g. grpc://orders.internal:50051/myapp.Orders',
    );
    expect(() => adHocMonitors('grpc://10.0.0.7:1/shop%zzOrders', 5000)).toThrow(
      /^cannot check grpc:\/\/10\.0\.0\.7:1\/shop%zzOrders: service: expected a service name/,
    );
  });

  it('names what a udp:// URL lacks', () => {
    expect(() => adHocMonitors('udp://10.0.0.9', 5000)).toThrow(/udp:\/\/10\.0\.0\.9: a udp:\/\/ URL needs a port/);
    expect(() => adHocMonitors('udp://10.0.0.9:1?send_hex=zz', 5000)).toThrow(
      'cannot check udp://10.0.0.9:1?send_hex=zz: send_hex: expected send_hex as pairs of hex digits',
    );
  });
});
