// Timing whole commands, as a user runs them: each a fresh process, its output to /dev/null. Two commands
// are compared in pairs run back to back, in alternating order, and the median of the pairs' ratios is
// reported: on a shared machine the load changes within seconds, and a pair sees about the same load.
import { spawnSync } from 'node:child_process';
import { median } from './bench-report.ts';

export interface Command {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Wall time of one run of the command, ms; throws with its stderr when it fails. */
export function timeCommand({ command, args, cwd, env }: Command): number {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: env ?? process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 16 * 2 ** 20,
  });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const stderr = result.stderr.toString().trim().split('\n').slice(-5).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${stderr}`);
  }
  return ms;
}

export interface PairedTimes {
  /** Median wall time of each command, ms. */
  readonly aMs: number;
  readonly bMs: number;
  /** a ÷ b of each pair, in run order. */
  readonly ratios: readonly number[];
  readonly medianRatio: number;
  /** The median of the pairs' a − b, ms: what a costs beyond b, measured under the same load. */
  readonly medianDifferenceMs: number;
}

/**
 * `count` pairs of runs of `a` and `b`, after one warm-up run of each (disk cache, a first compile): the
 * second pair runs b first, the third a first again, so neither always runs right after the other's work.
 */
export function pairedTimes(a: Command, b: Command, count: number): PairedTimes {
  timeCommand(a);
  timeCommand(b);
  const aTimes: number[] = [];
  const bTimes: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      aTimes.push(timeCommand(a));
      bTimes.push(timeCommand(b));
    } else {
      bTimes.push(timeCommand(b));
      aTimes.push(timeCommand(a));
    }
  }
  const ratios = aTimes.map((ms, i) => ms / (bTimes[i] as number));
  return {
    aMs: median(aTimes),
    bMs: median(bTimes),
    ratios,
    medianRatio: median(ratios),
    medianDifferenceMs: median(aTimes.map((ms, i) => ms - (bTimes[i] as number))),
  };
}
