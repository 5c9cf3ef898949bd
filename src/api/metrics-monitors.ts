/**
 * The per-monitor series of /metrics, written as text without prom-client: at 100,000 monitors its
 * label maps and sorting cost seconds a scrape. Each monitor keeps its latest result's figures as
 * short texts; the text of each stable family (info, state, up, uptime) is kept joined per block of 500
 * monitors and rebuilt only for blocks where a figure changed, so a scrape writes the result lines and
 * otherwise hands out strings it already has, and it yields to the event loop between slices of
 * monitors (SLICE_MS, MIN_SLICE) so checks keep their slots.
 * Only gauges: a latency histogram per monitor is 14 series each; histograms are by type (metrics.ts).
 */
import type { CheckResult, ConfirmedStatus } from '../core/types.js';
import { familyHeader, labelValue, sampleValue } from './metrics-text.js';

export interface ExportedMonitor {
  id: string;
  type: string;
  name?: string | undefined;
  group?: string | undefined;
  paused?: boolean | undefined;
}

export type ShownState = ConfirmedStatus | 'paused';
export const SHOWN_STATES: readonly ShownState[] = ['pending', 'up', 'degraded', 'down', 'unknown', 'paused'];

/** Plugin perfdata kept per monitor: a plugin printing hundreds of items must not multiply the series. */
export const MAX_PERFDATA_ITEMS = 20;
const MAX_PERFDATA_LABEL = 100;
/**
 * A render yields to checks once it has rendered at least MIN_SLICE monitors and held the loop for
 * SLICE_MS since the last yield. Every yield costs a whole turn of the loop (tens of ms at 1,700
 * checks/s), so on a quiet machine slices run to SLICE_MS (a few thousand monitors), fewer yields
 * than the fixed 2,000 monitors before; on a loaded one, where the process is descheduled mid-slice,
 * time alone would yield after a handful of monitors and stretch a scrape to seconds (measured: scrape
 * p50 0.9 → 2.6 s at 10,000 monitors, load 25 on 2 cores), so the count keeps slices as large as before.
 */
export const SLICE_MS = 8;
const MIN_SLICE = 2_000;

/**
 * One monitor's figures, every field set in the constructor so they live in the object itself. The
 * latest result is kept as the text of each figure, its lines written at each scrape: kept as whole
 * lines (three ropes of several pieces each) they were a quarter of an idle monitor's memory, and
 * kept as numbers, formatting them took two thirds of writing the lines (~70 ms a scrape at 100,000).
 */
class Row {
  monitor: ExportedMonitor | undefined = undefined;
  shown: ShownState | undefined = undefined;
  uptime: number | null | undefined = undefined;
  /** The latest result: 1 passed (up), 0 did not, -1 before the first. */
  passed = -1;
  /** Its latency in seconds, as written ('' before the first). */
  latency = '';
  /** When the latest passing check started, in epoch seconds, as written ('' before one). */
  lastSuccess = '';
  /** The certificate's expiry in epoch seconds; NaN before one was seen. */
  notAfter = Number.NaN;
  /** Perfdata lines are few and irregular: kept rendered. */
  perfdata: string | undefined = undefined;
  thresholds: string | undefined = undefined;

  constructor(
    /** `monitor="<id>"`, escaped once. */
    readonly label: string,
    public type: string,
    public block: Block,
  ) {}
}

/**
 * A run of rows whose text per family is kept joined until one of them changes. Only the families
 * that change with a confirmed state, a name or the uptime are kept: those a result changes would be
 * rebuilt at every scrape anyway (a block of 500 monitors at 60 s gets ~40 results between two 5 s
 * scrapes), so the body takes them line by line from the rows.
 */
interface Block {
  readonly rows: Row[];
  readonly text: Partial<Record<Family, string>>;
  readonly dirty: Set<Family>;
}
const BLOCK = 500;

const FAMILIES = {
  info: familyHeader('tocsin_monitor_info', 'Always 1: the name, type and group of each monitor, to join on the monitor label (group_left)'),
  state: familyHeader(
    'tocsin_monitor_state',
    "Each monitor's shown state, one series a monitor, always 1: the state label is pending, up, degraded, down, unknown or paused (see docs/states.md)",
  ),
  up: familyHeader(
    'tocsin_monitor_up',
    'Kept for old dashboards: 1 when the confirmed state is up, 0 when degraded or down; absent while pending, unknown or paused (see tocsin_monitor_state)',
  ),
  success: familyHeader('tocsin_probe_success', '1 when the latest check passed (up), 0 when it was degraded, down or unknown; absent before the first check'),
  latency: familyHeader('tocsin_check_last_latency_seconds', 'Wall time of the latest check'),
  lastSuccess: familyHeader('tocsin_check_last_success_timestamp_seconds', 'When the latest passing (up) check started, in epoch seconds; absent before one'),
  expiry: familyHeader('tocsin_tls_cert_expiry_seconds', 'Seconds until the certificate seen by the monitor expires (negative once expired)'),
  notAfter: familyHeader(
    'tocsin_tls_cert_not_after_timestamp_seconds',
    "When the certificate seen by the monitor expires, in epoch seconds (like blackbox's probe_ssl_earliest_cert_expiry)",
  ),
  uptime: familyHeader(
    'tocsin_monitor_uptime_ratio',
    'Share of judged results up or degraded over the last 24 h (unknown, pending and maintenance results excluded); absent with none',
  ),
  perfdata: familyHeader(
    'tocsin_plugin_perfdata',
    'The latest perfdata figures of exec (Nagios plugin) monitors, in base units named by the unit label (seconds, bytes, percent, count, or empty)',
  ),
  thresholds: familyHeader('tocsin_plugin_perfdata_threshold', 'The warn, crit, min and max a plugin printed with each perfdata figure, in the same base unit'),
} as const;
type Family = keyof typeof FAMILIES;
const FAMILY_NAMES = Object.keys(FAMILIES) as Family[];
const RESULT_FAMILIES: readonly Family[] = ['success', 'latency', 'lastSuccess', 'notAfter', 'perfdata', 'thresholds'];

export interface MonitorFigures {
  monitors(): readonly ExportedMonitor[];
  status(id: string): ConfirmedStatus | undefined;
}

export class MonitorSeries {
  private readonly rows = new Map<string, Row>();
  private blocks: Block[] = [];
  private list?: readonly ExportedMonitor[];

  constructor(private readonly figures: MonitorFigures) {}

  /**
   * Keeps the figures a result changes and marks its block for rebuilding. Returns the monitor's type,
   * or undefined for one outside the active list (synthetic ones, one per inbound alert, have no series).
   */
  observe(monitorId: string, at: number, result: CheckResult): string | undefined {
    this.sync();
    const row = this.rows.get(monitorId);
    if (!row) return undefined;
    row.passed = result.status === 'up' ? 1 : 0;
    row.latency = sampleValue(result.latencyMs / 1000);
    if (result.status === 'up') row.lastSuccess = sampleValue(at / 1000);
    const notAfter = result.metrics?.tls_not_after;
    if (typeof notAfter === 'number' && Number.isFinite(notAfter)) row.notAfter = notAfter;
    if (result.perfdataUnits) renderPerfdata(row, result);
    return row.type;
  }

  /**
   * The count of monitors in each shown state, and the text of every per-monitor family as the
   * strings already kept (a block's joined text of a stable family, a row's result lines), read as
   * the body is written: a scrape at 100,000 monitors joined ~30 MB of lines that lived until the
   * response was sent, long enough for every scrape to move them into the old generation.
   */
  async render(
    nowMs: number,
    uptimes: ReadonlyMap<string, number | null> | undefined,
  ): Promise<{ parts: () => Generator<string>; counts: Record<ShownState, number> }> {
    this.sync();
    const counts = Object.fromEntries(SHOWN_STATES.map((s) => [s, 0])) as Record<ShownState, number>;
    let sliceStarted = performance.now();
    let done = 0;
    const blocks = this.blocks;
    for (const block of blocks) {
      if (done >= MIN_SLICE && performance.now() - sliceStarted >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
        done = 0;
      }
      done += block.rows.length;
      for (const row of block.rows) {
        const monitor = row.monitor!;
        const shown: ShownState = monitor.paused ? 'paused' : (this.figures.status(monitor.id) ?? 'pending');
        counts[shown] += 1;
        noteChanges(row, shown, uptimes?.get(monitor.id));
      }
      for (const family of block.dirty) block.text[family] = block.rows.map(LINES[family]).join('');
      block.dirty.clear();
    }
    return { parts: () => bodyParts(blocks, nowMs), counts };
  }

  /** Follows the active list (a new array each time it changes): rows for newcomers, none for those that left, blocks in list order. */
  private sync(): void {
    const list = this.figures.monitors();
    if (list === this.list) return;
    const ids = new Set<string>();
    this.blocks = [];
    for (const monitor of list) {
      if (ids.has(monitor.id)) continue;
      ids.add(monitor.id);
      let block = this.blocks.at(-1);
      if (!block || block.rows.length >= BLOCK) {
        block = { rows: [], text: {}, dirty: new Set(FAMILY_NAMES.filter((family) => !RESULT_FAMILIES.includes(family))) };
        this.blocks.push(block);
      }
      const row = this.rows.get(monitor.id) ?? new Row(flat(['monitor="', labelValue(monitor.id), '"']), monitor.type, block);
      this.rows.set(monitor.id, row);
      row.block = block;
      if (row.monitor !== monitor) {
        row.monitor = monitor;
        row.type = monitor.type;
        row.shown = undefined;
      }
      block.rows.push(row);
    }
    for (const id of this.rows.keys()) if (!ids.has(id)) this.rows.delete(id);
    this.list = list;
  }
}

/** Each family's header, then its text. */
function* bodyParts(blocks: readonly Block[], nowMs: number): Generator<string> {
  for (const family of FAMILY_NAMES) {
    let headed = false;
    for (const text of familyTexts(family, blocks, nowMs)) {
      if (!headed) yield FAMILIES[family];
      headed = true;
      yield text;
    }
  }
}

/**
 * The text of one family block by block: kept for stable families, written now for the others, a
 * block's lines joined into one part (half the time of handing out 300,000 lines one by one).
 */
function* familyTexts(family: Family, blocks: readonly Block[], nowMs: number): Generator<string> {
  const perRow = family === 'expiry' || RESULT_FAMILIES.includes(family);
  const line = family === 'expiry' ? (row: Row) => expiryLine(row, nowMs) : LINES[family];
  for (const block of blocks) {
    const text = perRow ? block.rows.map(line).join('') : block.text[family];
    if (text) yield text;
  }
}

function expiryLine({ label, notAfter }: Row, nowMs: number): string {
  return Number.isNaN(notAfter) ? '' : `tocsin_tls_cert_expiry_seconds{${label}} ${sampleValue(notAfter - nowMs / 1000)}\n`;
}

/** Marks the row's block for rebuilding where the confirmed state or the uptime changed since the last render. */
function noteChanges(row: Row, shown: ShownState, uptime: number | null | undefined): void {
  if (row.shown !== shown) {
    row.shown = shown;
    row.block.dirty.add('state').add('up');
  }
  const ratio = uptime ?? null;
  if (row.uptime !== ratio) {
    row.uptime = ratio;
    row.block.dirty.add('uptime');
  }
}

/** Each family's line(s) for one row, from its figures ('' when it has none); expiry is rendered per scrape. */
const LINES: Record<Family, (row: Row) => string> = {
  info: ({ label, monitor }) =>
    monitor
      ? `tocsin_monitor_info{${label},name="${labelValue(monitor.name ?? monitor.id)}",type="${labelValue(monitor.type)}",group="${labelValue(monitor.group ?? '')}"} 1\n`
      : '',
  // Only the state the monitor is in: six lines a monitor (one 0/1 per state) were half the body at
  // 100,000 monitors. A rule matches `tocsin_monitor_state{state="down"}` as before, and a change of
  // state ends the old series at the next scrape (Prometheus marks it stale), so the alert resolves.
  state: ({ label, shown }) => (shown === undefined ? '' : `tocsin_monitor_state{${label},state="${shown}"} 1\n`),
  up: ({ label, shown, type }) =>
    shown === 'up' || shown === 'degraded' || shown === 'down' ? `tocsin_monitor_up{${label},type="${labelValue(type)}"} ${shown === 'up' ? 1 : 0}\n` : '',
  success: ({ label, passed }) => (passed < 0 ? '' : `tocsin_probe_success{${label}} ${passed}\n`),
  latency: ({ label, latency }) => (latency === '' ? '' : `tocsin_check_last_latency_seconds{${label}} ${latency}\n`),
  lastSuccess: ({ label, lastSuccess }) => (lastSuccess === '' ? '' : `tocsin_check_last_success_timestamp_seconds{${label}} ${lastSuccess}\n`),
  expiry: () => '',
  notAfter: ({ label, notAfter }) => (Number.isNaN(notAfter) ? '' : `tocsin_tls_cert_not_after_timestamp_seconds{${label}} ${sampleValue(notAfter)}\n`),
  uptime: ({ label, uptime }) => (uptime === null || uptime === undefined ? '' : `tocsin_monitor_uptime_ratio{${label}} ${sampleValue(uptime / 100)}\n`),
  perfdata: (row) => row.perfdata ?? '',
  thresholds: (row) => row.thresholds ?? '',
};

const THRESHOLDS = ['warn', 'crit', 'min', 'max'] as const;

function renderPerfdata(row: Row, result: CheckResult): void {
  const values: string[] = [];
  const thresholds: string[] = [];
  const metrics = result.metrics ?? {};
  // Two long labels cut to the same prefix would be one series twice, which Prometheus rejects.
  const seen = new Set<string>();
  for (const [label, unit] of Object.entries(result.perfdataUnits ?? {}).slice(0, MAX_PERFDATA_ITEMS)) {
    const value = metrics[label];
    const shown = label.slice(0, MAX_PERFDATA_LABEL);
    if (value === undefined || seen.has(shown)) continue;
    seen.add(shown);
    const labels = `${row.label},label="${labelValue(shown)}",unit="${labelValue(unit)}"`;
    values.push(`tocsin_plugin_perfdata{${labels}} ${sampleValue(value)}\n`);
    for (const kind of THRESHOLDS) {
      const figure = metrics[`${label}_${kind}`];
      if (figure !== undefined) thresholds.push(`tocsin_plugin_perfdata_threshold{${labels},threshold="${kind}"} ${sampleValue(figure)}\n`);
    }
  }
  row.perfdata = flat(values) || undefined;
  row.thresholds = flat(thresholds) || undefined;
}

/**
 * The pieces as one flat string, for strings kept: concatenation gives V8 a rope (a node of 32 bytes
 * for each `+`) that lives as long as the string does; a join of two or more non-empty pieces
 * copies the characters once (a single one comes back as it is).
 */
function flat(pieces: string[]): string {
  return pieces.join('');
}
