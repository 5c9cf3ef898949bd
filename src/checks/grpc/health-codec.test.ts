import { describe, expect, it } from 'vitest';
import { decodeHealthResponse, encodeHealthRequest } from './health-codec.js';

const frame = (...bytes: number[]) => Buffer.from([0, 0, 0, 0, bytes.length, ...bytes]);

describe('the grpc.health.v1 codec', () => {
  it('frames a request naming the service as field 1', () => {
    expect(encodeHealthRequest('a.B')).toEqual(Buffer.from([0, 0, 0, 0, 5, 0x0a, 3, 0x61, 0x2e, 0x42]));
  });

  it('sends an empty message for the whole server', () => {
    expect(encodeHealthRequest('')).toEqual(Buffer.from([0, 0, 0, 0, 0]));
  });

  it('writes a service name longer than 127 bytes with a two-byte length', () => {
    const request = encodeHealthRequest('s'.repeat(200));
    expect([...request.subarray(0, 8)]).toEqual([0, 0, 0, 0, 203, 0x0a, 0xc8, 0x01]);
  });

  it.each([
    ['SERVING', frame(0x08, 1), { status: 1 }],
    ['NOT_SERVING', frame(0x08, 2), { status: 2 }],
    ['an omitted status, which proto3 reads as UNKNOWN', frame(), { status: 0 }],
    ['a status after an unknown string field', frame(0x12, 2, 0x68, 0x69, 0x08, 3), { status: 3 }],
    ['too few bytes for a frame', Buffer.from([0, 0]), { problem: 'the response holds 2 bytes, less than one gRPC frame' }],
    ['a compressed frame', Buffer.from([1, 0, 0, 0, 0]), { problem: 'the response is compressed, which tocsin did not offer' }],
    ['a frame longer than the body', Buffer.from([0, 0, 0, 0, 9, 0x08]), { problem: 'the response frame is cut short' }],
    ['a truncated varint', frame(0x08, 0x80), { problem: 'the response is not a protobuf message' }],
    ['a group wire type', frame(0x0b), { problem: 'the response has a field of wire type 3, which health.proto does not use' }],
  ])('reads %s', (_name, body, expected) => {
    expect(decodeHealthResponse(body)).toEqual(expected);
  });
});
