import { type Day, formatDay, parseIsoDay } from '../../core/days.ts';
import type { BgnbdCustomer } from '../../core/bgnbd.ts';
import { bgnbdSummaryOf } from '../../core/bgnbd-summary.ts';
import type { ChurnConfig } from '../../core/config.ts';
import { pAliveModelOf, pAliveParamsOf, tierKeyOf, usesPAlive } from '../../core/evaluate.ts';
import type { LearnedRiskModel } from '../../core/learned/model.ts';
import type { PAliveModel } from '../../core/p-alive-model.ts';
import { type TierCutoffs, type TierKey, tierCutoffs } from '../../core/tiers.ts';
import type { CycleStores } from './cycle-stores.ts';
import {
  type EvaluationCounts,
  type EvaluationRunSummary,
  type EvaluationStores,
  refuseEarlierDay,
  stepCustomers,
  writeDay,
  writeRunRecord,
  ZERO_COUNTS,
} from './run-evaluation.ts';
import { type LearnedRiskStatus, modelByDay, modelForRunOrFit } from './learned-scoring.ts';
import type { RankEntry } from './segment-ranks.ts';
import { DEFAULT_SIZING, SIZING_ENV, type SegmentSizing } from '../../contracts/sizing.ts';

export { DEFAULT_SIZING, SIZING_ENV, type SegmentSizing };
export type { RankEntry } from './segment-ranks.ts';

// The daily evaluation split over concurrent invocations, one per parallel scan segment of the profiles
// table, for distributors too large for one Lambda run. On AWS a Step Functions state machine calls these
// steps in order (lib/constructs/evaluation-fan-out.ts); `runFannedOut` below calls them the same way in one
// process, for tests and benchmarks. Every step takes and returns small JSON: the state machine passes it on.
//
//   prepare → rank (one per segment) → cutoffs → evaluate (one per segment) → finish → notifier
//
// Tiers are ranks among all customers, so no segment can evaluate before every segment's trailing sales are
// known: `rank` writes each segment's tier keys to the config table, `cutoffs` reads them all and computes the
// same cut-offs the single-process run computes. That costs a second scan; DynamoDB charges it by size
// (about $0.11 per million 7 KB profiles), and it keeps the tiers exact.

export interface FanOutDeps {
  /** What the single-process run reads and writes, the settings by version, and where segments' rank entries wait for the cut-offs. */
  stores: EvaluationStores & Pick<CycleStores, 'settings' | 'ranks'>;
}

const ranksOf = (deps: FanOutDeps) => deps.stores.ranks;

/** Which run, for which day, with which settings: what every step after `prepare` is handed. */
export interface RunRef {
  /** Unique per run (the Step Functions execution name); keys the run's temporary items. */
  runId: string;
  asOf: string;
  configVersion: number;
}

export interface SegmentRef extends RunRef {
  segment: number;
  totalSegments: number;
}

/** What starts a run: its id, the day, the settings version, and how to split the work. */
export interface RunInput {
  runId: string;
  asOf: Day;
  configVersion: number;
  /** Evaluate a day older than the last one evaluated (an admin's `force`). */
  allowEarlierDay?: boolean;
  sizing?: SegmentSizing;
}

export interface PreparedRun extends RunRef {
  totalSegments: number;
  /** One entry per segment, for the state machine's Map states. */
  segments: SegmentRef[];
}

export interface RankResult {
  segment: number;
  /** Tier keys written (customers whose profile could be read). */
  customers: number;
  visitsTracked: boolean;
}

export interface RunCutoffs {
  cutoffs: TierCutoffs;
  /** Whether any segment saw a visit: visits are then tracked for everyone (see trackVisitsTenantWide). */
  visitsTracked: boolean;
  /** The BG/NBD model fitted on everyone for `low_p_alive`; null when no tier uses the rule. */
  pAliveModel: PAliveModel | null;
  /** Which learned risk model every segment scores with (they read it by its day), or why none; null when `riskModel` is off. */
  learnedRisk: LearnedRiskStatus | null;
}

export type EvaluateTask = SegmentRef & RunCutoffs;

/** What one segment reports; ids of unreadable records are capped so the state stays small. */
export interface SegmentResult extends EvaluationCounts {
  segment: number;
  unreadableProfiles: string[];
  unreadableAlerts: string[];
  /** How many unreadable ids were left out of the lists above. */
  unreadableOmitted: number;
}

// Few per segment: 64 segments' results travel through the state machine's 256 KB state; the counts are
// exact, and the run record says how many ids were left out.
const MAX_IDS_PER_SEGMENT = 5;

export class FanOutError extends Error {
  override readonly name = 'FanOutError';
}

/**
 * Starts a run: the day (refused when older than the last evaluated, unless `allowEarlierDay`), the settings
 * version everyone uses, and how many segments the profiles table is split into, from its item count
 * (DynamoDB refreshes it about every six hours, which is precise enough to size the work).
 */
export async function prepareRun(deps: FanOutDeps, input: RunInput): Promise<PreparedRun> {
  checkRunId(input.runId);
  if (!input.allowEarlierDay) await refuseEarlierDay(deps.stores.runs, input.asOf);
  const itemCount = await deps.stores.profiles.count();
  const totalSegments = segmentsFor(itemCount, input.sizing ?? DEFAULT_SIZING);
  const run: RunRef = { runId: input.runId, asOf: formatDay(input.asOf), configVersion: input.configVersion };
  return {
    ...run,
    totalSegments,
    segments: Array.from({ length: totalSegments }, (_, segment) => ({ ...run, segment, totalSegments })),
  };
}

/** Enough segments that none holds more than `itemsPerSegment` profiles, within min…maxSegments. */
export function segmentsFor(itemCount: number, sizing: SegmentSizing): number {
  const wanted = Math.ceil(itemCount / sizing.itemsPerSegment);
  return Math.min(sizing.maxSegments, Math.max(1, sizing.minSegments, wanted));
}

/** Reads one segment's profiles and stores their tier keys (trailing sales) for `cutoffs`. */
export async function rankSegment(deps: FanOutDeps, task: SegmentRef): Promise<RankResult> {
  const { config, asOf } = await runSettings(deps, task);
  const { profiles } = await deps.stores.profiles.readSegment(
    { index: task.segment, total: task.totalSegments },
    false,
  );
  const withSummary = usesPAlive(config);
  const entries: RankEntry[] = profiles.map((profile) => ({
    key: tierKeyOf(profile, asOf, config),
    ...(withSummary ? { summary: bgnbdSummaryOf(profile, asOf) } : {}),
  }));
  await ranksOf(deps).put(task.runId, task.segment, entries);
  return {
    segment: task.segment,
    customers: entries.length,
    visitsTracked: profiles.some((profile) => profile.visitsTracked),
  };
}

/** Everyone's tier keys, from every segment, into the cut-offs the evaluation of each segment uses. */
export async function combineRanks(
  deps: FanOutDeps,
  run: RunRef,
  ranks: readonly RankResult[],
): Promise<RunCutoffs> {
  const { config, asOf } = await runSettings(deps, run);
  const kept = await ranksOf(deps).read(run.runId);
  const keys: TierKey[] = [];
  const summaries: (BgnbdCustomer | null)[] = [];
  for (const entries of kept.values()) {
    for (const entry of entries) {
      keys.push(entry.key);
      if (entry.summary !== undefined) summaries.push(entry.summary);
    }
  }
  for (const rank of ranks) {
    const stored = kept.get(rank.segment)?.length ?? 0;
    if (stored !== rank.customers) {
      throw new FanOutError(
        `segment ${rank.segment} of run ${run.runId} ranked ${rank.customers} customers but ${stored} tier keys are stored`,
      );
    }
  }
  // Fitted here, once, on everyone: the same model the single-process run fits.
  const pAliveModel = pAliveModelOf(summaries, config);
  if (pAliveModel !== null && summaries.length !== keys.length) {
    throw new FanOutError(`run ${run.runId}: some segments were ranked without BG/NBD summaries`);
  }
  // Chosen once for the run: a refit half-way through must not give segments different models. With none
  // usable (the first day), it is fitted here on every profile and stored, and each segment reads it by day.
  const learnedRisk =
    (
      await modelForRunOrFit(
        { models: deps.stores.models, config, configVersion: run.configVersion, now: Date.now },
        asOf,
        async () => (await deps.stores.profiles.readAll(4, 'evaluation')).profiles,
      )
    )?.status ?? null;
  return {
    cutoffs: tierCutoffs(keys, config.tiers),
    visitsTracked: ranks.some((rank) => rank.visitsTracked),
    pAliveModel,
    learnedRisk,
  };
}

/** Evaluates one segment's customers and writes their alert states, as the single-process run would. */
export async function evaluateSegment(deps: FanOutDeps, task: EvaluateTask): Promise<SegmentResult> {
  const { stores } = deps;
  const { config, asOf } = await runSettings(deps, task);
  const { profiles, unreadable: unreadableProfiles } = await stores.profiles.readSegment(
    { index: task.segment, total: task.totalSegments },
    task.visitsTracked,
  );
  // The alerts table is partitioned apart from the profiles table, so its own segments would not line up:
  // this segment's alerts are fetched by key instead (a missing key costs half a read unit).
  const { alerts, unreadable: unreadableAlerts } = await stores.alerts.readOf(
    profiles.map((profile) => profile.customerId),
  );
  const stepped = await stepCustomers({
    customers: stores.customers,
    config,
    asOf,
    cutoffs: task.cutoffs,
    pAliveParams: pAliveParamsOf(task.pAliveModel),
    learned: await segmentModel(deps, config, asOf, task),
    profiles,
    alerts,
  });
  await writeDay(stores, stepped);
  const { writes, counts } = stepped;
  const cap = (ids: string[]) => ids.slice(0, MAX_IDS_PER_SEGMENT);
  return {
    segment: task.segment,
    ...counts,
    alertWrites: writes.length,
    unreadableProfiles: cap(unreadableProfiles),
    unreadableAlerts: cap(unreadableAlerts),
    unreadableOmitted:
      Math.max(0, unreadableProfiles.length - MAX_IDS_PER_SEGMENT) +
      Math.max(0, unreadableAlerts.length - MAX_IDS_PER_SEGMENT),
  };
}

/** The learned model the run's cut-offs step chose, read again by its day, so every segment uses the same. */
async function segmentModel(
  deps: FanOutDeps,
  config: ChurnConfig,
  asOf: Day,
  task: EvaluateTask,
): Promise<LearnedRiskModel | null> {
  const status = task.learnedRisk;
  if (status?.status !== 'applied') return null;
  const { model } = await modelByDay(deps.stores.models, config, asOf, status.modelAsOf);
  if (model === null) {
    throw new FanOutError(`run ${task.runId}: the risk model of ${status.modelAsOf} can no longer be read`);
  }
  return model;
}

/**
 * Adds the segments' results up, records the run (which marks the day as evaluated) and removes the run's
 * tier keys. Every segment must have reported: a partial run is never recorded as the day's.
 */
export async function finishRun(
  deps: FanOutDeps,
  run: RunRef & { totalSegments: number },
  results: readonly SegmentResult[],
  models: Partial<Pick<RunCutoffs, 'cutoffs' | 'visitsTracked' | 'pAliveModel' | 'learnedRisk'>> = {},
): Promise<EvaluationRunSummary> {
  const { cutoffs, visitsTracked, pAliveModel, learnedRisk } = models;
  const seen = new Set(results.map((result) => result.segment));
  const missing = Array.from({ length: run.totalSegments }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new FanOutError(`run ${run.runId} has no result from segments ${missing.join(', ')}`);
  }
  const counts: EvaluationCounts = { ...ZERO_COUNTS };
  for (const result of results) {
    for (const key of Object.keys(ZERO_COUNTS) as (keyof EvaluationCounts)[]) counts[key] += result[key];
  }
  const omitted = results.reduce((sum, result) => sum + result.unreadableOmitted, 0);
  const summary: EvaluationRunSummary = {
    asOf: run.asOf,
    configVersion: run.configVersion,
    ...counts,
    unreadableProfiles: results.flatMap((result) => result.unreadableProfiles).sort(),
    unreadableAlerts: results.flatMap((result) => result.unreadableAlerts).sort(),
    ...(pAliveModel ? { pAliveModel } : {}),
    ...(learnedRisk ? { learnedRisk } : {}),
  };
  await writeRunRecord(
    deps.stores.runs,
    { ...summary, ...(omitted > 0 ? { unreadableOmitted: omitted } : {}) },
    cutoffs ? { cutoffs, visitsTracked: visitsTracked ?? false } : undefined,
  );
  await ranksOf(deps).remove(run.runId);
  return summary;
}

/**
 * The whole fanned-out run in one process, step by step as the state machine runs it (segments
 * concurrently): what tests compare with the single-process run, and what the benchmark times.
 */
export async function runFannedOut(deps: FanOutDeps, input: RunInput): Promise<EvaluationRunSummary> {
  const prepared = await prepareRun(deps, input);
  const ranks = await Promise.all(prepared.segments.map((segment) => rankSegment(deps, segment)));
  const cutoffs = await combineRanks(deps, prepared, ranks);
  const results = await Promise.all(
    prepared.segments.map((segment) => evaluateSegment(deps, { ...segment, ...cutoffs })),
  );
  return finishRun(deps, prepared, results, cutoffs);
}

async function runSettings(deps: FanOutDeps, run: RunRef) {
  const asOf = parseIsoDay(run.asOf);
  if (asOf === null) throw new FanOutError(`run ${run.runId}: asOf ${JSON.stringify(run.asOf)} is not a day`);
  const config = await deps.stores.settings.version(run.configVersion);
  return { config, asOf: asOf as Day };
}

function checkRunId(runId: string): void {
  // Step Functions execution names are 1–80 of these; the id goes into a key.
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(runId))
    throw new FanOutError(`run id ${JSON.stringify(runId)} is not usable`);
}
