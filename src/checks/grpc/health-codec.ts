/**
 * The two tiny messages of grpc.health.v1 (grpc/grpc health.proto), encoded by hand rather than
 * through a protobuf library:
 *   HealthCheckRequest  { string service = 1; }
 *   HealthCheckResponse { ServingStatus status = 1; }   UNKNOWN 0, SERVING 1, NOT_SERVING 2, SERVICE_UNKNOWN 3
 * Each travels in one gRPC length-prefixed frame: a compressed flag byte, a 4-byte big-endian length.
 */

export const HEALTH_CHECK_PATH = '/grpc.health.v1.Health/Check';

export const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

/** The request frame asking about `service`. */
export function encodeHealthRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  const message = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** The serving status number in a response body (one frame), or a reason it cannot be read. */
export function decodeHealthResponse(body: Buffer): { status: number } | { problem: string } {
  if (body.length < 5) return { problem: `the response holds ${body.length} bytes, less than one gRPC frame` };
  if (body[0] !== 0) return { problem: 'the response is compressed, which tocsin did not offer' };
  const length = body.readUInt32BE(1);
  if (body.length < 5 + length) return { problem: 'the response frame is cut short' };
  return readStatus(body.subarray(5, 5 + length));
}

/** Field 1 (varint) of a protobuf message; unknown fields skipped, a missing status is 0 as proto3 says. */
function readStatus(message: Buffer): { status: number } | { problem: string } {
  let status = 0;
  let at = 0;
  while (at < message.length) {
    const key = readVarint(message, at);
    if (!key) return { problem: 'the response is not a protobuf message' };
    at = key.next;
    const field = Math.floor(key.value / 8);
    const wire = key.value % 8;
    if (wire === 0) {
      const value = readVarint(message, at);
      if (!value) return { problem: 'the response is not a protobuf message' };
      if (field === 1) status = value.value;
      at = value.next;
    } else if (wire === 2) {
      const length = readVarint(message, at);
      if (!length) return { problem: 'the response is not a protobuf message' };
      at = length.next + length.value;
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
    } else {
      return { problem: `the response has a field of wire type ${wire}, which health.proto does not use` };
    }
  }
  if (at > message.length) return { problem: 'the response message is cut short' };
  return { status };
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** At most 7 bytes (49 bits): enough for any length or enum here, and safe as a JS number. */
function readVarint(bytes: Buffer, start: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let at = start; at < bytes.length && at < start + 7; at++) {
    const byte = bytes[at]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: at + 1 };
    scale *= 0x80;
  }
  return undefined;
}
