// What `npm run bench` says at the end: how long each section took, each target next to its figure with ✓ or
// ✗, and how loaded the machine was. Figures from a shared machine move with its load, so the load average is
// printed with them, at the start and at the end.
import { loadavg } from 'node:os';

export interface TargetCheck {
  readonly label: string;
  readonly text: string;
  readonly met: boolean;
}

interface SectionTime {
  readonly name: string;
  readonly ms: number;
  readonly failed: boolean;
}

const checks: TargetCheck[] = [];
const sections: SectionTime[] = [];

/** `1.23 1.05 0.98`: the load average over 1, 5 and 15 minutes. */
export const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

export const seconds = (ms: number): string => (ms / 1000).toFixed(2);

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A figure held to a target, recorded for the summary: `0.31 (target ≤ 0.35 ✓)`. Lower is better for every
 * target of the bench.
 */
export function target(
  label: string,
  value: number,
  limit: number,
  options: { digits?: number; unit?: string } = {},
): string {
  const { digits = 2, unit = '' } = options;
  const met = value <= limit;
  const text = `${value.toFixed(digits)}${unit} (target ≤ ${limit}${unit} ${met ? '✓' : '✗'})`;
  checks.push({ label, text, met });
  return text;
}

/** A target whose figure another module printed (see scrapeTargets), recorded as it was printed. */
export function recordTarget(label: string, value: number, limit: number): void {
  checks.push({
    label,
    text: `${value.toFixed(2)} (target ≤ ${limit} ${value <= limit ? '✓' : '✗'})`,
    met: value <= limit,
  });
}

/**
 * Runs one section of the bench and keeps its wall time. A section that throws is reported and the others
 * still run: one broken part must not hide the figures of the rest.
 */
export async function section(name: string, run: () => Promise<void> | void): Promise<void> {
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  let failed = false;
  try {
    await run();
  } catch (error) {
    failed = true;
    process.exitCode = 1;
    console.error(`section "${name}" failed:`, error);
  }
  sections.push({ name, ms: performance.now() - started, failed });
}

/**
 * The closing summary; returns whether every section ran to its end (a missed target is a figure to work on,
 * not a broken bench).
 */
export function printSummary(mode: string, loadAtStart: string, totalMs: number): boolean {
  console.log(`\n=== summary (${mode}) ===`);
  const width = Math.max(...sections.map((s) => s.name.length), 5);
  for (const { name, ms, failed } of sections) {
    console.log(`  ${name.padEnd(width)}  ${seconds(ms).padStart(8)} s${failed ? '  FAILED' : ''}`);
  }
  console.log(
    `  ${'total'.padEnd(width)}  ${seconds(totalMs).padStart(8)} s (${(totalMs / 60_000).toFixed(1)} min)`,
  );
  console.log('\ntargets:');
  const labelWidth = Math.max(...checks.map((check) => check.label.length), 5);
  for (const check of checks)
    console.log(`  ${check.met ? '✓' : '✗'} ${check.label.padEnd(labelWidth)}  ${check.text}`);
  const missed = checks.filter((check) => !check.met).length;
  console.log(`  ${checks.length - missed} of ${checks.length} met`);
  console.log(`\nload average (1/5/15 min): ${loadAtStart} at start, ${loadAverage()} at the end`);
  return sections.every((s) => !s.failed);
}

/**
 * Reads the targets a module printed in the form `… ratio 4.56 (CPU 4.12) (target ≤ 2.0)`: for sections
 * whose code belongs elsewhere (ingest), so the summary still lists them. Returns the lines that carried a
 * target but no figure this could read, so a changed format is said, not silently dropped.
 */
export async function scrapeTargets(prefix: string, run: () => Promise<void>): Promise<void> {
  const log = console.log;
  const unread: string[] = [];
  console.log = (...args: unknown[]) => {
    log(...args);
    const line = args.map(String).join(' ');
    const found = /ratio ([\d.]+)(?: \([^)]*\))? \(target ≤ ([\d.]+)/.exec(line);
    if (found)
      recordTarget(`${prefix}: ${labelOf(line.slice(0, found.index))}`, Number(found[1]), Number(found[2]));
    else if (line.includes('target ≤')) unread.push(line.trim());
  };
  try {
    await run();
  } finally {
    console.log = log;
  }
  for (const line of unread) console.log(`  (a target the summary could not read: ${line.slice(0, 100)}…)`);
}

/** What a printed figure is of: the words before its last colon, without asides in parentheses. */
function labelOf(head: string): string {
  let plain = head;
  for (let previous = ''; previous !== plain;) {
    previous = plain;
    plain = plain.replace(/\s*\([^()]*\)/g, '');
  }
  const words = (plain.slice(0, plain.lastIndexOf(':')).split(';').at(-1) ?? plain).trim();
  return words.length > 60 ? `${words.slice(0, 57)}…` : words;
}
