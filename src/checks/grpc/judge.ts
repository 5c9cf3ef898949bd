import type { Status } from '../../core/types.js';
import { SERVING_STATUS } from './health-codec.js';
import type { GrpcObservation } from './observe.js';

export interface GrpcVerdict {
  status: Status;
  message: string;
  metrics?: Record<string, number>;
}

/** gRPC status codes (grpc/grpc doc/statuscodes.md), by number. */
const GRPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

/** Up only when the health service answered SERVING for the service asked about. Pure. */
export function judgeGrpc(seen: GrpcObservation): GrpcVerdict {
  const what = seen.service === '' ? `${seen.target} (whole server)` : `service "${seen.service}" at ${seen.target}`;
  if (seen.failure !== undefined) return down(seen.failure);
  if (!seen.http) return down(`${seen.target} sent no answer to Health/Check`);
  if (seen.http.status !== 200 || !seen.http.contentType?.startsWith('application/grpc')) {
    return down(`${seen.target} answered HTTP ${seen.http.status}${seen.http.contentType ? ` (${seen.http.contentType})` : ''}, not gRPC`);
  }
  if (!seen.grpc) return down(`${seen.target} ended the call without a grpc-status`);
  if (seen.grpc.code !== 0) return down(callFailure(seen.grpc, seen.target, seen.service));
  const health = seen.health ?? { problem: 'the response has no body' };
  if ('problem' in health) return down(`unreadable Health/Check answer from ${seen.target}: ${health.problem}`);
  const name = SERVING_STATUS[health.status] ?? `status ${health.status}`;
  const metrics = { grpc_serving_status: health.status, ...(seen.replyMs !== undefined && { grpc_reply_ms: seen.replyMs }) };
  const after = seen.replyMs !== undefined ? ` (answered in ${seen.replyMs} ms)` : '';
  if (health.status === 1) return { status: 'up', message: `${what} is SERVING${after}`, metrics };
  return down(`${what} is ${name}, expected SERVING${after}`, metrics);
}

function callFailure(grpc: { code: number; message: string }, target: string, service: string): string {
  const code = GRPC_CODES[grpc.code] ?? `status ${grpc.code}`;
  const detail = grpc.message ? `: ${grpc.message}` : '';
  if (grpc.code === 12) return `${target} does not implement grpc.health.v1.Health (UNIMPLEMENTED${detail})`;
  if (grpc.code === 5) return `${target} has no health status for ${service === '' ? 'the whole server' : `service "${service}"`} (NOT_FOUND${detail})`;
  return `Health/Check on ${target} failed with ${code}${detail}`;
}

function down(message: string, metrics?: Record<string, number>): GrpcVerdict {
  return { status: 'down', message, ...(metrics && { metrics }) };
}
