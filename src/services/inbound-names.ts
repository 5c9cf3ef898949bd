/**
 * What a person reads as the name of an inbound alert's monitor: the alert's own name, plus the
 * labels that tell it apart from the other alerts of its group — "HighLatency {instance=a, pod=x}".
 * Eleven alerts that differ only in `pod` get eleven names. Pure, so every case is a test row.
 */

export type Labels = Readonly<Record<string, string>>;

/** Labels a name shows at most, and how much of each value and of the whole name. */
const MAX_KEYS = 32;
const MAX_VALUE = 64;
const MAX_NAME = 200;

/**
 * The label names that tell apart the alerts of one Alertmanager notification: its group labels
 * (how Alertmanager was told to split alerts), every label whose value, or presence, differs
 * between its alerts, and `instance`, which names what a lone alert is about. `alertname` is the
 * name itself. Sorted.
 */
export function distinguishingLabels(alerts: readonly { labels: Labels }[], groupLabels: Labels): string[] {
  const keys = new Set(Object.keys(groupLabels));
  const first = alerts[0]?.labels ?? {};
  const all = new Set(alerts.flatMap((a) => Object.keys(a.labels)));
  for (const key of all) if (key === 'instance' || alerts.some((a) => a.labels[key] !== first[key])) keys.add(key);
  keys.delete('alertname');
  return [...keys].sort();
}

/** The keys a monitor named before, with the new ones: a name only ever gains labels, so it does not flip back and forth as alerts join and leave a group. */
export function mergeKeys(before: readonly string[] | undefined, now: readonly string[]): string[] {
  return [...new Set([...(before ?? []), ...now])].sort().slice(0, MAX_KEYS);
}

export function inboundName(title: string, labels: Labels, keys: readonly string[]): string {
  const shown = keys.filter((key) => labels[key] !== undefined).map((key) => `${key}=${cut(labels[key]!, MAX_VALUE)}`);
  return cut(shown.length > 0 ? `${title} {${shown.join(', ')}}` : title, MAX_NAME);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
