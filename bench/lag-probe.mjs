// Preloaded into a tocsin engine (`node --import ./bench/lag-probe.mjs …`): logs every stretch of
// more than LAG_PROBE_MS (50) in which the event loop did not turn, one JSON line each to
// LAG_PROBE_OUT, with the monotonic time it ended (ms since the process started, as in a
// --cpu-prof profile's timeline; endUs on the profile's own clock) and the wall clock, plus a monitorEventLoopDelay summary every 30 s.
// What ran in a stretch is read from the CPU profile (bench/lag-profile.mjs).
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const out = process.env.LAG_PROBE_OUT ?? `lag-probe-${process.pid}.jsonl`;
const threshold = Number(process.env.LAG_PROBE_MS ?? 50);
const TICK_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  const stall = now - last - TICK_MS;
  last = now;
  if (stall > threshold)
    appendFileSync(
      out,
      `${JSON.stringify({ kind: 'stall', endMs: Math.round(now), endUs: Number(process.hrtime.bigint() / 1000n), stallMs: Math.round(stall), wall: new Date().toISOString() })}\n`,
    );
}, TICK_MS).unref();
setInterval(() => {
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  appendFileSync(
    out,
    `${JSON.stringify({ kind: 'delay', endMs: Math.round(performance.now()), wall: new Date().toISOString(), p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) })}\n`,
  );
  histogram.reset();
}, 30_000).unref();
