/** Choosing monitors by name (monitor-picker.tsx), as pure functions. */
export interface Pickable {
  id: string;
  name: string;
  group?: string | null;
}

export interface Option {
  key: string;
  text: string;
  detail: string;
  ids: string[];
  refused?: string;
}

/** Pure: what a search offers, matches on name, id or group; groups first, then monitors. */
export function pickOptions(
  monitors: readonly Pickable[],
  chosen: readonly string[],
  text: string,
  withGroups: boolean,
  refuse?: (id: string) => string | undefined,
): Option[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = (hay: string) => words.every((w) => hay.toLowerCase().includes(w));
  const taken = new Set(chosen);
  const out: Option[] = [];
  if (withGroups && words.length) {
    const groups = new Map<string, string[]>();
    for (const m of monitors) if (m.group && !refuse?.(m.id)) groups.set(m.group, [...(groups.get(m.group) ?? []), m.id]);
    for (const [group, ids] of groups) {
      const fresh = ids.filter((id) => !taken.has(id));
      if (fresh.length && hits(group)) out.push({ key: `group:${group}`, text: `Every monitor of group ${group}`, detail: `${fresh.length} more`, ids: fresh });
    }
  }
  for (const m of monitors) {
    if (taken.has(m.id) || !hits(`${m.name} ${m.id} ${m.group ?? ''}`)) continue;
    out.push({ key: m.id, text: m.name, detail: m.id, ids: [m.id], ...(refuse?.(m.id) && { refused: refuse(m.id) }) });
  }
  return out;
}

/**
 * Pure: why `candidate` cannot be a dependency of `self` — itself, or a monitor that already waits
 * on `self` (directly or through others), which would close a loop the API refuses.
 */
export function dependencyRefusal(self: string | undefined, candidate: string, dependsOn: ReadonlyMap<string, readonly string[]>): string | undefined {
  if (!self) return undefined;
  if (candidate === self) return 'this monitor itself';
  const seen = new Set<string>();
  const path: string[] = [];
  const reaches = (id: string): boolean => {
    if (id === self) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    for (const next of dependsOn.get(id) ?? []) {
      path.push(next);
      if (reaches(next)) return true;
      path.pop();
    }
    return false;
  };
  return reaches(candidate) ? `it depends on ${self}${path.length > 1 ? ` (${[candidate, ...path].join(' → ')})` : ''}, a loop` : undefined;
}
