// `node --expose-gc --import tsx test/bench/run-rule-benchmarks.ts [--quick]`: only the rule evaluation
// section of `npm run bench`, for work on the evaluator's speed without the whole run on a shared machine.
// `--quick` evaluates 200,000 profiles instead of 1,000,000 (BENCH_PROFILES still wins when set).
import { loadavg } from 'node:os';
import { benchRules, benchRulesInMemory } from './rule-benchmarks.ts';
import { type Day, parseIsoDay } from '../../functions/core/days.ts';

const AS_OF = parseIsoDay('2026-11-20') as Day;
if (process.argv.includes('--quick')) process.env.BENCH_PROFILES ??= '200000';
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`rule benchmarks (Node ${process.version}); load average (1/5/15 min) at start: ${load()}`);
benchRules(AS_OF, Number(process.env.BENCH_PROFILES ?? 1_000_000));
benchRulesInMemory(AS_OF, Number(process.env.BENCH_IN_MEMORY_PROFILES ?? 200_000));
console.log(`load average (1/5/15 min) at the end: ${load()}`);
