/** Between a received ping, the core's Ping and the stored row. */
import type { Ping } from '../../core/heartbeat/runs.js';
import type { HeartbeatRun } from '../../store/heartbeats.js';
import type { ReceivedPing } from './sink.js';

export function pingOfReceived(received: ReceivedPing, at: number): Ping {
  return compact({ kind: received.kind, at, rid: received.rid, exitStatus: received.exitStatus, log: received.log });
}

/** A stored row replayed at start. */
export function pingOfRow(row: HeartbeatRun): Ping {
  return compact({ kind: row.kind, at: row.at, rid: row.rid ?? undefined, exitStatus: row.exit_status ?? undefined, log: row.log ?? undefined });
}

function compact(ping: Ping): Ping {
  return {
    kind: ping.kind,
    at: ping.at,
    ...(ping.rid !== undefined && { rid: ping.rid }),
    ...(ping.exitStatus !== undefined && { exitStatus: ping.exitStatus }),
    ...(ping.log !== undefined && ping.log !== '' && { log: ping.log }),
  };
}

export function rowOf(monitorId: string, received: ReceivedPing, ping: Ping, startedAt: number | undefined, id: string): HeartbeatRun {
  const finish = ping.kind === 'success' || ping.kind === 'fail';
  return {
    id,
    monitor_id: monitorId,
    rid: ping.rid ?? null,
    kind: ping.kind,
    at: ping.at,
    started_at: ping.kind === 'start' ? ping.at : (startedAt ?? null),
    ended_at: finish ? ping.at : null,
    duration_ms: finish && startedAt !== undefined ? ping.at - startedAt : null,
    exit_status: ping.exitStatus ?? null,
    log: received.log ?? null,
    log_bytes: received.log === undefined ? null : Buffer.byteLength(received.log),
    log_dropped_at: null,
    method: received.method,
    remote_addr: received.remoteAddr ?? null,
    user_agent: received.userAgent ?? null,
  };
}

let lastMs = -1;
let sequence = 0;

/**
 * A UUIDv7 (time-ordered) row id. Pings often arrive within one millisecond (start, then a quick
 * finish), and a restart replays them in (at, id) order: a counter in the random bits keeps ids
 * of the same millisecond in arrival order within this process.
 */
export function pingRowId(now: number, random: (bytes: number) => Buffer): string {
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = now;
    sequence = 0;
  }
  const bytes = random(16);
  bytes.writeUIntBE(Math.max(0, Math.floor(now)) % 2 ** 48, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
