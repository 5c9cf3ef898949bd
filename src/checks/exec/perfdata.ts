/**
 * Nagios plugin performance data: `'label'=value[UOM];[warn];[crit];[min];[max]`,
 * items separated by spaces. Plugins in the wild get this wrong often enough
 * that a bad item is skipped rather than failing the whole check.
 */

export interface PerfItem {
  label: string;
  /** In base units: seconds for s/ms/us, bytes for B/KB/MB/GB/TB. */
  value: number;
  /** The unit as the plugin wrote it ('' when none). */
  uom: string;
  warn?: number;
  crit?: number;
  min?: number;
  max?: number;
}

/** Multiply then divide: dividing keeps 12ms → 0.012 exact where ×0.001 would not. */
const UNITS: Record<string, readonly [mul: number, div: number]> = {
  '': [1, 1],
  s: [1, 1],
  ms: [1, 1000],
  us: [1, 1_000_000],
  '%': [1, 1],
  c: [1, 1],
  B: [1, 1],
  // Nagios plugins (check_disk, check_swap) count KB/MB in powers of 1024.
  KB: [1024, 1],
  kB: [1024, 1],
  MB: [1024 ** 2, 1],
  GB: [1024 ** 3, 1],
  TB: [1024 ** 4, 1],
  KiB: [1024, 1],
  MiB: [1024 ** 2, 1],
  GiB: [1024 ** 3, 1],
  TiB: [1024 ** 4, 1],
};

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;

/** Every valid item of `text`, in order; invalid ones are left out. */
export function parsePerfdata(text: string): PerfItem[] {
  const items: PerfItem[] = [];
  let at = 0;
  while (at < text.length) {
    if (/\s/.test(text[at]!)) {
      at++;
      continue;
    }
    const label = readLabel(text, at);
    const end = nextSpace(text, label ? label.next : at);
    const item = label && text[label.next] === '=' ? parseValue(label.label, text.slice(label.next + 1, end)) : undefined;
    if (item) items.push(item);
    at = end;
  }
  return items;
}

/** Metrics for a result: `<label>` plus `<label>_warn|_crit|_min|_max` where given. The first of a repeated label wins. */
export function perfdataMetrics(items: readonly PerfItem[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const item of items) {
    if (item.label in metrics) continue;
    metrics[item.label] = item.value;
    for (const key of ['warn', 'crit', 'min', 'max'] as const) {
      const figure = item[key];
      if (figure !== undefined) metrics[`${item.label}_${key}`] = figure;
    }
  }
  return metrics;
}

/** What a figure is measured in once scaled to base units, named as Prometheus names units. */
const BASE_UNIT: Record<string, string> = {
  s: 'seconds',
  ms: 'seconds',
  us: 'seconds',
  '%': 'percent',
  c: 'count',
  B: 'bytes',
  KB: 'bytes',
  kB: 'bytes',
  MB: 'bytes',
  GB: 'bytes',
  TB: 'bytes',
  KiB: 'bytes',
  MiB: 'bytes',
  GiB: 'bytes',
  TiB: 'bytes',
};

/** The base unit of each label's figure ('' when the plugin gave none). The first of a repeated label wins, as in perfdataMetrics. */
export function perfdataUnits(items: readonly PerfItem[]): Record<string, string> {
  const units: Record<string, string> = {};
  for (const item of items) if (!(item.label in units)) units[item.label] = BASE_UNIT[item.uom] ?? '';
  return units;
}

function readLabel(text: string, at: number): { label: string; next: number } | undefined {
  if (text[at] !== "'") {
    const match = /^[^\s=]+/.exec(text.slice(at));
    return match ? { label: match[0], next: at + match[0].length } : undefined;
  }
  let label = '';
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] !== "'") label += text[i];
    else if (text[i + 1] === "'") label += text[++i];
    else return label ? { label, next: i + 1 } : undefined;
  }
  return undefined;
}

function nextSpace(text: string, from: number): number {
  const found = text.slice(from).search(/\s/);
  return found === -1 ? text.length : from + found;
}

function parseValue(label: string, spec: string): PerfItem | undefined {
  const [first = '', warn, crit, min, max] = spec.split(';');
  const number = NUMBER.exec(first);
  const uom = number ? first.slice(number[0].length) : '';
  const unit = UNITS[uom];
  if (!number || !unit) return undefined;
  const scale = (n: number) => (n * unit[0]) / unit[1];
  const item: PerfItem = { label, value: scale(Number(number[0])), uom };
  const figures = { warn: threshold(warn, uom), crit: threshold(crit, uom), min: plain(min, uom), max: plain(max, uom) };
  for (const [key, figure] of Object.entries(figures) as [keyof typeof figures, number | undefined][]) {
    if (figure !== undefined) item[key] = scale(figure);
  }
  return item;
}

/** A plain number, optionally repeating the value's unit. */
function plain(field: string | undefined, uom: string): number | undefined {
  if (field === undefined) return undefined;
  const bare = uom && field.endsWith(uom) ? field.slice(0, -uom.length) : field;
  const number = NUMBER.exec(bare);
  return number && number[0] === bare ? Number(bare) : undefined;
}

/**
 * A threshold is a range ("10", "10:", "~:10", "10:20", "@10:20"). Only a
 * range with one finite bound reduces to the single figure a graph can draw;
 * a two-sided range gives none rather than a misleading one.
 */
function threshold(field: string | undefined, uom: string): number | undefined {
  if (field === undefined || field.startsWith('@')) return undefined;
  const colon = field.indexOf(':');
  if (colon === -1) return plain(field, uom);
  const [start, end] = [field.slice(0, colon), field.slice(colon + 1)];
  if (end === '') return start === '~' ? undefined : plain(start, uom);
  return start === '' || start === '~' ? plain(end, uom) : undefined;
}
