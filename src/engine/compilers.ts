/**
 * V8's optimizing compilers for a small install. TurboFan and Sparkplug cost a 100-monitor tocsin
 * 12–14 MiB of resident memory (their code, what they compile, and the node binary's pages they
 * touch) and saved it no measurable CPU; at 3,000 monitors, running without them took 48 % more CPU
 * (BENCHMARKS.md, "A small install without V8's optimizing compilers"). So below SMALL_INSTALL
 * monitors neither process runs them: the supervisor turns them off in itself as it starts (a
 * shebang can give it no flags) and starts the engine with SMALL_INSTALL_FLAGS; each turns them on
 * for the rest of its life once the engine schedules more (monitors added by the API), or as soon as
 * a SIGHUP brings a config file with more (reading 100,000 monitors took twice as long interpreted),
 * and the supervisor starts any later engine with them. A compiler flag given by hand wins.
 */
import { setFlagsFromString } from 'node:v8';
import type { Logger } from '../lib/logger.js';

export const SMALL_INSTALL = 1000;

/** Node flags of an engine started for a small install. */
export const SMALL_INSTALL_FLAGS = ['--no-opt', '--no-sparkplug'] as const;

/** The engine entry's argument saying its compilers are off because the install was small, not by hand. */
export const SMALL_INSTALL_ARG = '--small-install';

const COMPILER_FLAG = /^--(no-)?(opt|turbofan|sparkplug|maglev|jitless|lite-mode)(=|$)/;

/** Whether node was given a flag that says how V8 compiles: tocsin leaves the compilers to it then. */
export function compilersSetByHand(execArgv: readonly string[]): boolean {
  return execArgv.some((flag) => COMPILER_FLAG.test(flag));
}

/** Node keeps V8's flags writable after start; code compiled so far stays as it is. */
export function compilersOff(): void {
  for (const flag of SMALL_INSTALL_FLAGS) setFlagsFromString(flag);
}

/** Sent by the supervisor before it forwards a SIGHUP: how many monitors the config file now holds. */
export interface MonitorsMessage {
  type: 'monitors';
  count: number;
}

export function isMonitorsMessage(value: unknown): value is MonitorsMessage {
  return typeof value === 'object' && value !== null && (value as MonitorsMessage).type === 'monitors' && Number.isInteger((value as MonitorsMessage).count);
}

/** Called with a monitor count; turns the compilers on once it reaches SMALL_INSTALL, and says so if given a logger. */
export function compilersOnceLarge(logger?: Logger): (monitors: number) => void {
  let on = false;
  return (monitors) => {
    if (on || monitors < SMALL_INSTALL) return;
    on = true;
    setFlagsFromString('--opt');
    setFlagsFromString('--sparkplug');
    logger?.info(
      { monitors },
      `${monitors} monitors: V8's optimizing compilers are now on (an engine started with fewer than ${SMALL_INSTALL} runs without them to save memory)`,
    );
  };
}
