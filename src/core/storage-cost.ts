/**
 * What each retention setting costs, from what the store holds now. Pure: the store's sizes and
 * arrival rate in, a steady-state estimate out. Bytes per row come from the store itself, so the
 * figure follows the dialect, the index overhead and the messages this installation writes.
 */
export interface CostInput {
  tables: readonly { table: string; rows: number; bytes: number }[];
  /** Results over the last 24 h, and of those the failures and state changes (the rest are routine successes). */
  resultsPerDay: number;
  keptPerDay?: number;
  monitorsReporting: number;
  /**
   * Monitor-minutes with results over the last 24 h, and of those the ones holding a single result:
   * those have a minute rollup only once their result is pruned (store/rollups.ts). Default: one
   * minute per result, at most 1440 a monitor, none single.
   */
  minutesPerDay?: number | undefined;
  singleMinutesPerDay?: number | undefined;
  /** Measured bytes of a routine and of a kept result row; default: the results table's average. */
  routineBytesPerRow?: number | undefined;
  keptBytesPerRow?: number | undefined;
  /**
   * Hours held in hourly_rollups, which packs a monitor's day into one row, and the bytes of their
   * packed data: a young store's rows hold a few hours each, so its bytes per hour are priced as a
   * full day's row would hold them.
   */
  hourlyHours?: number | undefined;
  hourlyPackedBytes?: number | undefined;
  /** The same of minute_rollups, an hour of minutes to a row. */
  minuteSlots?: number | undefined;
  minutePackedBytes?: number | undefined;
  retention: { raw: number; successes?: number | undefined; minute?: number | undefined; rollups: number; hourly?: number | undefined };
}

export interface RetentionCost {
  setting: string;
  /** The setting's value, in ms. */
  keeps: number;
  rowsPerDay: number;
  bytesPerRow: number | undefined;
  /** Held once the setting's window is full: rows per day × days × bytes per row. */
  steadyBytes: number | undefined;
}

export interface StorageCost {
  totalBytes: number;
  /** Of the settings whose bytes per row are known. */
  growthPerDay: number;
  costs: RetentionCost[];
  /** Everything else (outbox, audit, users, state …) at its current size. */
  otherBytes: number;
  /** Everything else plus the settings whose bytes per row are known. */
  steadyBytes: number;
  /** Settings with rows arriving but none stored yet to measure: left out of the sums above. */
  unmeasured: string[];
}

const DAY_MS = 86_400_000;
/** Tables whose size the retention settings decide; monitor_keys is one small row per monitor. */
const PRICED = new Set(['results', 'minute_rollups', 'rollups', 'hourly_rollups']);

export function storageCost(input: CostInput): StorageCost {
  const table = (name: string) => input.tables.find((t) => t.table === name);
  const perRow = (name: string) => {
    const t = table(name);
    return t && t.rows > 0 ? t.bytes / t.rows : undefined;
  };
  /** A bucket's packed data, plus its share of a full row's overhead (header, index entries, page share). */
  const perSlot = (name: string, slots: number | undefined, packedBytes: number | undefined, perFullRow: number) => {
    const t = table(name);
    if (!t || t.rows === 0 || !slots) return undefined;
    const packed = Math.min(packedBytes ?? 0, t.bytes);
    return packed / slots + (t.bytes - packed) / t.rows / perFullRow;
  };
  const raw = input.retention.raw;
  const kept = input.keptPerDay ?? 0;
  const routine = input.resultsPerDay - kept;
  // A minute rollup per monitor and minute with results: never more rows than results, never more than 1440 a monitor.
  const minutes = input.minutesPerDay ?? Math.min(input.resultsPerDay, input.monitorsReporting * 1440);
  const single = Math.min(minutes, input.singleMinutesPerDay ?? 0);
  const minuteKeeps = input.retention.minute ?? raw;
  // A minute of one result is that result while it is stored (retention.successes), and a row of its own after.
  const singleShare = minuteKeeps > 0 ? Math.max(0, minuteKeeps - Math.min(input.retention.successes ?? raw, raw)) / minuteKeeps : 0;
  const costs: RetentionCost[] = [
    cost('retention.successes (routine results)', Math.min(input.retention.successes ?? raw, raw), routine, input.routineBytesPerRow ?? perRow('results')),
    cost('retention.raw (failures and changes)', raw, kept, input.keptBytesPerRow ?? perRow('results')),
    // Minutes are pruned by whole hours, hours by whole days (store/packed-rollups.ts): up to an hour or a day more is held.
    cost(
      'retention.minute (minute rollups)',
      minuteKeeps,
      minutes - single + single * singleShare,
      perSlot('minute_rollups', input.minuteSlots, input.minutePackedBytes, 60),
      DAY_MS / 24,
    ),
    cost(
      'retention.hourly (hourly rollups)',
      Math.min(input.retention.hourly ?? input.retention.rollups, input.retention.rollups),
      input.monitorsReporting * 24,
      perSlot('hourly_rollups', input.hourlyHours, input.hourlyPackedBytes, 24),
      DAY_MS,
    ),
    cost('retention.rollups (daily rollups)', input.retention.rollups, input.monitorsReporting, perRow('rollups')),
  ];
  const totalBytes = input.tables.reduce((sum, t) => sum + t.bytes, 0);
  const otherBytes = input.tables.filter((t) => !PRICED.has(t.table)).reduce((sum, t) => sum + t.bytes, 0);
  return {
    totalBytes,
    growthPerDay: costs.reduce((sum, c) => sum + (c.bytesPerRow === undefined ? 0 : c.rowsPerDay * c.bytesPerRow), 0),
    costs,
    otherBytes,
    steadyBytes: otherBytes + costs.reduce((sum, c) => sum + (c.steadyBytes ?? 0), 0),
    unmeasured: costs.filter((c) => c.bytesPerRow === undefined && c.rowsPerDay > 0).map((c) => c.setting),
  };
}

/** `slack`: how much longer than the setting rows may stay (deleted in whole days, say). */
function cost(setting: string, keeps: number, rowsPerDay: number, bytesPerRow: number | undefined, slack = 0): RetentionCost {
  return {
    setting,
    keeps,
    rowsPerDay,
    bytesPerRow,
    steadyBytes: bytesPerRow === undefined ? undefined : rowsPerDay * ((keeps + slack) / DAY_MS) * bytesPerRow,
  };
}

/** 1.2 GiB, 340 MiB, 12 KiB: binary units, as du and ls -h print them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
