import type { Status } from '../core/types.js';
import type { MonitorConfig } from '../schema/config.js';
import type { Db } from '../store/schema.js';
import { listStates } from '../store/state.js';

export interface MonitorOverview {
  id: string;
  name: string;
  type: string;
  status: Status | 'pending' | 'paused';
  since: number | null;
  last_at: number | null;
  latency_ms: number | null;
  message: string | null;
}

/** Every configured monitor with its stored state: what `tocsin status` shows. */
export async function monitorOverview(db: Db, monitors: readonly MonitorConfig[]): Promise<MonitorOverview[]> {
  const states = new Map((await listStates(db)).map((s) => [s.monitorId, s]));
  return monitors.map((m) => {
    const state = states.get(m.id);
    return {
      id: m.id,
      name: m.name,
      type: m.type,
      status: m.paused ? 'paused' : (state?.status ?? 'pending'),
      since: state?.since ?? null,
      last_at: state?.lastAt ?? null,
      latency_ms: state?.lastLatencyMs ?? null,
      message: state?.lastMessage ?? (m.paused ? 'paused' : 'not checked yet'),
    };
  });
}
