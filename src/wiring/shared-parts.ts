/**
 * Parts that many monitors spell out alike (the `alert` defaults, empty `tags`, `depends_on`,
 * `headers`, `expect`…) become one frozen object that they all point to, instead of a parsed copy
 * each: about 250 bytes a monitor at 100,000 monitors (issue 14). Only plain data is shared (objects
 * and arrays of strings, numbers, booleans and null), compared by its JSON; frozen, so a write that
 * would have changed one monitor throws instead of changing them all.
 */
type Plain = Record<string, unknown>;

/** Points each monitor (and its `settings`) at the shared copy of its plain-data fields; returns the monitors. */
export function shareCommonParts<M extends object>(monitors: M[]): M[] {
  const shared = new Map<string, unknown>();
  for (const monitor of monitors) {
    shareFields(monitor as Plain, shared);
    const settings = (monitor as Plain).settings;
    if (isPlainObject(settings)) shareFields(settings, shared);
  }
  return monitors;
}

function shareFields(owner: Plain, shared: Map<string, unknown>): void {
  for (const key of Object.keys(owner)) {
    const value = owner[key];
    if (key === 'settings' || value === null || typeof value !== 'object') continue;
    const json = plainJson(value);
    if (json === undefined) continue;
    const same = shared.get(json);
    if (same === undefined) shared.set(json, deepFreeze(value));
    else owner[key] = same;
  }
}

/** The JSON of plain data, or undefined when anything in it is not (a Date, a RegExp, a class instance, undefined). */
function plainJson(value: unknown): string | undefined {
  let plain = true;
  const json = JSON.stringify(value, function (this: Plain, key: string, v: unknown) {
    const original = key === '' ? value : this[key];
    if (original === undefined || typeof original === 'function' || typeof original === 'bigint') plain = false;
    else if (typeof original === 'object' && original !== null && !Array.isArray(original) && !isPlainObject(original)) plain = false;
    return v;
  });
  return plain ? json : undefined;
}

function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
