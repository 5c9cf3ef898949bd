/**
 * Rollups packed many buckets to a row (migration 0039): hours one row per monitor-day, minutes one
 * row per monitor-hour. A row costs about 60 bytes before its data on PostgreSQL (header, line
 * pointer, index entries) and 90 days of hours for 10,000 monitors were 21.6 million rows.
 *
 * Layout: a bitmap of the slots present (bit i of byte i >> 3 for slot i), then for each present slot
 * in order nine unsigned LEB128 varints: count, up, degraded, down, unknown, excluded, and the p50,
 * p95 and max latencies in µs plus one (0 is null: every run of the slot was missed). An hour at a
 * 60 s interval takes about 13 bytes.
 */

export interface Slot {
  count: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  excluded: number;
  latency_p50_us: number | null;
  latency_p95_us: number | null;
  latency_max_us: number | null;
}

const FIELDS = ['count', 'up', 'degraded', 'down', 'unknown', 'excluded'] as const;
const LATENCIES = ['latency_p50_us', 'latency_p95_us', 'latency_max_us'] as const;

/** Packs the given slots (index → slot) of a row of `size` slots (24 hours, 60 minutes). */
export function packSlots(slots: ReadonlyMap<number, Slot>, size: number): Buffer {
  const bytes: number[] = new Array<number>(Math.ceil(size / 8)).fill(0);
  for (const index of [...slots.keys()].sort((a, b) => a - b)) {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`slot ${index} is outside 0–${size - 1}`);
    bytes[index >> 3]! |= 1 << (index & 7);
    const slot = slots.get(index)!;
    for (const field of FIELDS) varint(bytes, slot[field]);
    for (const field of LATENCIES) varint(bytes, slot[field] === null ? 0 : slot[field] + 1);
  }
  return Buffer.from(bytes);
}

export function unpackSlots(packed: Uint8Array, size: number): Map<number, Slot> {
  const slots = new Map<number, Slot>();
  let at = Math.ceil(size / 8);
  const next = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = packed[at++];
      if (byte === undefined) throw new Error('packed rollup ends inside a value');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  for (let index = 0; index < size; index++) {
    if ((packed[index >> 3]! & (1 << (index & 7))) === 0) continue;
    const [count, up, degraded, down, unknown, excluded] = FIELDS.map(next) as [number, number, number, number, number, number];
    const [p50, p95, max] = LATENCIES.map(() => next() - 1);
    const latency = (v: number | undefined) => (v === undefined || v < 0 ? null : v);
    slots.set(index, {
      count,
      up,
      degraded,
      down,
      unknown,
      excluded,
      latency_p50_us: latency(p50),
      latency_p95_us: latency(p95),
      latency_max_us: latency(max),
    });
  }
  return slots;
}

/** Largest value a slot field packs: a latency is stored plus one, and 2^53 itself is exact in a double. */
const MAX_PACKED = 2 ** 53;

/** Unsigned LEB128, by arithmetic rather than bit operators so values past 2^31 survive. */
function varint(out: number[], value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PACKED)
    throw new RangeError(`cannot pack ${value}: counts and latencies are whole and not negative`);
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}
