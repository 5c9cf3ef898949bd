import { describe, expect, it } from 'vitest';
import type { Status } from '../../core/types.js';
import { judgeGrpc } from './judge.js';
import type { GrpcObservation } from './observe.js';

const answered = (extra: Partial<GrpcObservation>): GrpcObservation => ({
  target: '10.0.0.7:50051',
  service: 'shop.Orders',
  http: { status: 200, contentType: 'application/grpc+proto' },
  grpc: { code: 0, message: '' },
  replyMs: 4,
  ...extra,
});

describe('judgeGrpc', () => {
  const cases: Array<[string, GrpcObservation, Status, string]> = [
    ['is up when the service is SERVING', answered({ health: { status: 1 } }), 'up', 'service "shop.Orders" at 10.0.0.7:50051 is SERVING (answered in 4 ms)'],
    [
      'names the whole server when no service is asked',
      answered({ service: '', health: { status: 1 } }),
      'up',
      '10.0.0.7:50051 (whole server) is SERVING (answered in 4 ms)',
    ],
    [
      'is down when NOT_SERVING',
      answered({ health: { status: 2 } }),
      'down',
      'service "shop.Orders" at 10.0.0.7:50051 is NOT_SERVING, expected SERVING (answered in 4 ms)',
    ],
    [
      'is down when UNKNOWN',
      answered({ health: { status: 0 } }),
      'down',
      'service "shop.Orders" at 10.0.0.7:50051 is UNKNOWN, expected SERVING (answered in 4 ms)',
    ],
    [
      'is down on a status number it does not know',
      answered({ health: { status: 9 } }),
      'down',
      'service "shop.Orders" at 10.0.0.7:50051 is status 9, expected SERVING (answered in 4 ms)',
    ],
    [
      'says the server lacks the health service',
      answered({ grpc: { code: 12, message: 'Unknown method' } }),
      'down',
      '10.0.0.7:50051 does not implement grpc.health.v1.Health (UNIMPLEMENTED: Unknown method)',
    ],
    [
      'says the service is not registered',
      answered({ grpc: { code: 5, message: '' } }),
      'down',
      '10.0.0.7:50051 has no health status for service "shop.Orders" (NOT_FOUND)',
    ],
    [
      'names other gRPC errors',
      answered({ grpc: { code: 14, message: 'draining' } }),
      'down',
      'Health/Check on 10.0.0.7:50051 failed with UNAVAILABLE: draining',
    ],
    [
      'says an HTTP server is not gRPC',
      answered({ http: { status: 404, contentType: 'text/html' } }),
      'down',
      '10.0.0.7:50051 answered HTTP 404 (text/html), not gRPC',
    ],
    ['is down without a grpc-status', answered({ grpc: undefined }), 'down', '10.0.0.7:50051 ended the call without a grpc-status'],
    [
      'says why a body is unreadable',
      answered({ health: { problem: 'the response frame is cut short' } }),
      'down',
      'unreadable Health/Check answer from 10.0.0.7:50051: the response frame is cut short',
    ],
    [
      'passes a connection failure on',
      { target: '10.0.0.7:50051', service: '', failure: 'connection refused by 10.0.0.7:50051' },
      'down',
      'connection refused by 10.0.0.7:50051',
    ],
  ];
  it.each(cases)('%s', (_name, seen, status, message) => {
    expect(judgeGrpc(seen)).toMatchObject({ status, message });
  });

  it('reports the serving status and answer time as metrics', () => {
    expect(judgeGrpc(answered({ health: { status: 1 } })).metrics).toEqual({ grpc_serving_status: 1, grpc_reply_ms: 4 });
  });
});
