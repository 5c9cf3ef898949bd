// Reads a --cpu-prof profile (bench/lag-run.mjs) and lists the stretches in which the main thread
// never went idle for longer than MIN_MS (50): when each began (s since the profile started), how
// long it lasted, and where the time went: the deepest tocsin frames (dist/…) and the leaf
// functions, by sampled time. Stretches with the same leading tocsin frame are summed at the end.
// With FRAME=<regex>, the stretches are runs of consecutive samples whose stack holds a frame matching
// it, GC and (program) samples between them included (what the matching code held the thread for, with
// nothing else sampled between).
// With PROBE=<probe.jsonl> (bench/lag-probe.mjs), the stretches are the stalls the probe measured
// (the loop did not turn), not runs of samples without idle (which also count a loop busy with many
// short tasks).
//
//   [PROBE=probe.jsonl | FRAME=regex] node bench/lag-profile.mjs <file.cpuprofile> [MIN_MS] [TOP]
import { readFileSync } from 'node:fs';

const [file, minArg, topArg] = process.argv.slice(2);
const MIN_MS = Number(minArg ?? 50);
const TOP = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (frame) => {
  const url = frame.url.replace(/^file:\/\//, '');
  const at = url.includes('/dist/')
    ? url.slice(url.indexOf('/dist/') + 6)
    : url.includes('node_modules/')
      ? url.slice(url.lastIndexOf('node_modules/') + 13)
      : url;
  return `${frame.functionName || '(anonymous)'}${at ? ` ${at}:${frame.lineNumber + 1}` : ''}`;
};
const stackCache = new Map();
/** Deepest frame of tocsin's own code, and the outermost one (what the loop ran). */
function tocsinFrames(id) {
  if (stackCache.has(id)) return stackCache.get(id);
  let deepest;
  let outermost;
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at).callFrame;
    if (frame.url.includes('/dist/') && !frame.url.includes('node_modules')) {
      deepest ??= short(frame);
      outermost = short(frame);
    }
  }
  const value = { deepest: deepest ?? '(no tocsin frame)', outermost: outermost ?? '(no tocsin frame)' };
  stackCache.set(id, value);
  return value;
}

const stretches = [];
let current;
let t = 0;
const probe = process.env.PROBE
  ? readFileSync(process.env.PROBE, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((e) => e.kind === 'stall' && e.stallMs >= MIN_MS)
      // On the profile's clock (ms since it started); endMs (since the process started) when the probe had no endUs.
      .map((e) => ({ ...e, end: e.endUs === undefined ? e.endMs : (e.endUs - profile.startTime) / 1000 }))
      .sort((a, b) => a.end - b.end)
  : undefined;
let stall = 0;
const frame = process.env.FRAME ? new RegExp(process.env.FRAME) : undefined;
const matchCache = new Map();
function matches(id) {
  if (!matchCache.has(id)) {
    let found = false;
    for (let at = id; at !== undefined && !found; at = parent.get(at)) found = frame.test(short(byId.get(at).callFrame));
    matchCache.set(id, found);
  }
  return matchCache.get(id);
}
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] / 1000;
  t += dt;
  const node = byId.get(profile.samples[i]);
  if (probe) {
    while (stall < probe.length && probe[stall].end < t) {
      if (current) stretches.push(current);
      current = undefined;
      stall += 1;
    }
    const s = probe[stall];
    if (!s || t < s.end - s.stallMs - 10) continue;
    current ??= { start: s.end - s.stallMs, ms: 0, measured: s.stallMs, wall: s.wall, deepest: new Map(), outer: new Map(), leaf: new Map() };
  } else if (
    frame ? !matches(node.id) && !['(garbage collector)', '(program)'].includes(node.callFrame.functionName) : node.callFrame.functionName === '(idle)'
  ) {
    if (current && current.ms >= MIN_MS) stretches.push(current);
    current = undefined;
    continue;
  }
  // With FRAME, a stretch starts at a matching sample, not at GC.
  if (!current && frame && !matches(node.id)) continue;
  current ??= { start: t - dt, ms: 0, deepest: new Map(), outer: new Map(), leaf: new Map() };
  current.ms += dt;
  const frames = tocsinFrames(node.id);
  const add = (map, key) => map.set(key, (map.get(key) ?? 0) + dt);
  add(current.deepest, frames.deepest);
  add(current.outer, frames.outermost);
  add(current.leaf, short(node.callFrame));
}
if (current && current.ms >= MIN_MS) stretches.push(current);

const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${Math.round(v)} ms ${k}`);
const total = t / 1000;
console.log(
  `${file}: ${total.toFixed(0)} s profiled, ${stretches.length} stretches ≥ ${MIN_MS} ms ${probe ? '(stalls the probe measured)' : frame ? `in ${frame}` : 'without idle'}`,
);
for (const s of [...stretches].sort((a, b) => b.ms - a.ms).slice(0, TOP)) {
  console.log(
    `\n@${(s.start / 1000).toFixed(1)} s  ${Math.round(s.ms)} ms${s.measured === undefined ? '' : ` sampled, stall ${s.measured} ms ending ${s.wall}`}`,
  );
  console.log(`  outermost: ${top(s.outer, 3).join(' | ')}`);
  console.log(`  deepest:   ${top(s.deepest, 4).join(' | ')}`);
  console.log(`  leaf:      ${top(s.leaf, 4).join(' | ')}`);
}
const groups = new Map();
for (const s of stretches) {
  const key = top(s.deepest, 1)[0].replace(/^\d+ ms /, '');
  const g = groups.get(key) ?? { n: 0, ms: 0, max: 0 };
  g.n += 1;
  g.ms += s.ms;
  g.max = Math.max(g.max, s.ms);
  groups.set(key, g);
}
console.log('\nby the tocsin frame that took most of each stretch:');
for (const [key, g] of [...groups].sort((a, b) => b[1].max - a[1].max))
  console.log(`  ${g.n} stretches, max ${Math.round(g.max)} ms, sum ${Math.round(g.ms)} ms: ${key}`);
