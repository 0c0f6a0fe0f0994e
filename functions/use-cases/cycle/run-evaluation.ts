import { type AlertRecord, stepAlert, wasOpenBefore } from '../../core/alerts.ts';
import type { ChurnConfig } from '../../core/config.ts';
import { LocalizedError } from '../../core/localized-error.ts';
import { type Day, formatDay } from '../../core/days.ts';
import {
  type CustomerEvaluation,
  evaluateCustomer,
  pAliveModelOf,
  pAliveParamsOf,
  ruleSet,
  sortByMoneyAtRisk,
  tierKeysOf,
} from '../../core/evaluate.ts';
import type { BgnbdParams } from '../../core/bgnbd.ts';
import { bgnbdSummaryOf } from '../../core/bgnbd-summary.ts';
import type { LearnedRiskModel } from '../../core/learned/model.ts';
import { scoredByModel } from '../../core/learned/scoring.ts';
import type { PAliveModel } from '../../core/p-alive-model.ts';
import type { CustomerProfile } from '../../core/profile.ts';
import { type TierCutoffs, tierCutoffs } from '../../core/tiers.ts';
import { type WarningLogChange, warningLogChanges } from '../../core/warning-log.ts';
import type {
  AlertMarks,
  AlertStore,
  CustomerDirectory,
  CycleStores,
  RunRecordStore,
} from './cycle-stores.ts';
import { type LearnedRiskStatus, modelByDay, modelForRunOrFit } from './learned-scoring.ts';
import { worded } from '../../text/errors.ts';

/** What a run reads and writes: profiles, alerts, master data, run records, risk models, the warning log. */
export type EvaluationStores = Pick<
  CycleStores,
  'profiles' | 'alerts' | 'customers' | 'runs' | 'models' | 'warningLog'
>;

export interface EvaluatorDeps {
  stores: EvaluationStores;
  config: ChurnConfig;
  configVersion: number;
  /** Parallel scan segments read at once (DynamoDB spreads them over partitions). Default 4. */
  totalSegments?: number;
  /** The clock, for the record of a risk model fitted by the run (default Date.now). */
  now?: () => number;
  /** Work out the day's outcomes without writing them (a digest preview). */
  dryRun?: boolean;
  /**
   * Evaluate a day older than the last one evaluated. Off by default: it would start alerts dated in the
   * past and send digests about a day that is over.
   */
  allowEarlierDay?: boolean;
}

export class EarlierDayError extends LocalizedError {
  override readonly name = 'EarlierDayError';
}

export interface EvaluationRunSummary {
  asOf: string;
  configVersion: number;
  customers: number;
  atRisk: number;
  lost: number;
  /** Outcomes of the day for reps and managers. */
  newAlerts: number;
  reminders: number;
  escalated: number;
  recovered: number;
  managerEscalations: number;
  /** Alert records written; 0 when the day was already evaluated with the same data. */
  alertWrites: number;
  /** Alerts already evaluated for a later day (an older --as-of), left as they were. */
  laterDayKept: number;
  /** Profiles that could not be read, by customer id (reported, never silently skipped). */
  unreadableProfiles: string[];
  /** Alert items that could not be read: their customers start afresh (a hand edit, an older version). */
  unreadableAlerts: string[];
  /** The BG/NBD model `low_p_alive` ran with, or why it did not; absent when no tier uses the rule. */
  pAliveModel?: PAliveModel;
  /** Which learned risk model scored the run, or why none did; absent when `riskModel` is off. */
  learnedRisk?: LearnedRiskStatus;
}

/** The results of a run, for callers (the CLI, the weekly summary) that also show or reuse them. */
export interface EvaluationRun {
  summary: EvaluationRunSummary;
  /** Sorted by money at risk, as every list shows them. */
  evaluations: CustomerEvaluation[];
  cutoffs: TierCutoffs;
  /** Every alert record after the run, by customer id. */
  alerts: Map<string, AlertRecord>;
}

/** Refuses a day older than the last one evaluated, unless the caller means it (`--force`). */
export async function refuseEarlierDay(runs: RunRecordStore, asOf: Day): Promise<void> {
  const last = await runs.lastDay();
  if (last !== null && last > formatDay(asOf)) {
    throw new EarlierDayError(worded((text) => text.runs.earlierDay(last, formatDay(asOf))));
  }
}

/**
 * The daily evaluator: reads every profile once (parallel scan segments, read concurrently), computes the
 * tier cut-offs from everyone's trailing sales, evaluates each customer and moves its alert state one day
 * on. Evaluating a day twice starts both times from the state before that day, so the second run writes
 * nothing and the notifier finds the same outcomes. On AWS the same work is split over invocations, one per
 * segment (`fan-out.ts`); both go through {@link stepCustomers}.
 */
export async function runEvaluation(deps: EvaluatorDeps, asOf: Day): Promise<EvaluationRun> {
  const { stores, config } = deps;
  const totalSegments = deps.totalSegments ?? 4;
  if (!deps.dryRun && !deps.allowEarlierDay) await refuseEarlierDay(stores.runs, asOf);

  const [{ profiles, unreadable: unreadableProfiles }, storedAlerts] = await Promise.all([
    stores.profiles.readAll(totalSegments, 'evaluation'),
    stores.alerts.readAll(totalSegments),
  ]);
  const alerts = new Map<string, AlertRecord>(
    storedAlerts.records.map((record) => [record.customerId, record]),
  );
  const cutoffs = tierCutoffs(tierKeysOf(profiles, asOf, config), config.tiers);
  const pAliveModel = pAliveModelOf(
    profiles.map((profile) => bgnbdSummaryOf(profile, asOf)),
    config,
  );
  const learned = await modelForRunOrFit(
    {
      models: stores.models,
      config,
      configVersion: deps.configVersion,
      now: deps.now ?? Date.now,
      dryRun: deps.dryRun ?? false,
    },
    asOf,
    async () => profiles,
  );
  const stepped = await stepCustomers({
    customers: stores.customers,
    config,
    asOf,
    cutoffs,
    pAliveParams: pAliveParamsOf(pAliveModel),
    learned: learned?.model ?? null,
    profiles,
    alerts,
  });
  const summary: EvaluationRunSummary = {
    asOf: formatDay(asOf),
    configVersion: deps.configVersion,
    ...stepped.counts,
    unreadableProfiles,
    unreadableAlerts: storedAlerts.unreadable,
    ...(pAliveModel ? { pAliveModel } : {}),
    ...(learned ? { learnedRisk: learned.status } : {}),
  };
  const evaluations = sortByMoneyAtRisk(stepped.evaluations);
  if (deps.dryRun) return { summary, evaluations, cutoffs, alerts };
  await writeDay(stores, stepped);
  summary.alertWrites = stepped.writes.length;
  await writeRunRecord(stores.runs, summary, {
    cutoffs,
    visitsTracked: profiles.some((profile) => profile.visitsTracked),
  });
  return { summary, evaluations, cutoffs, alerts };
}

/** The counts of a run (or of one segment of it), added up over its customers. */
export type EvaluationCounts = Omit<
  EvaluationRunSummary,
  'asOf' | 'configVersion' | 'unreadableProfiles' | 'unreadableAlerts' | 'pAliveModel' | 'learnedRisk'
>;

export const ZERO_COUNTS: Readonly<EvaluationCounts> = {
  customers: 0,
  atRisk: 0,
  lost: 0,
  newAlerts: 0,
  reminders: 0,
  escalated: 0,
  recovered: 0,
  managerEscalations: 0,
  alertWrites: 0,
  laterDayKept: 0,
};

export interface StepInput {
  /** Master data, read for the customers whose alert the day writes. */
  customers: CustomerDirectory;
  config: ChurnConfig;
  asOf: Day;
  cutoffs: TierCutoffs;
  /** The run's BG/NBD parameters for `low_p_alive`, fitted once on everyone; null: the rule is silent. */
  pAliveParams: BgnbdParams | null;
  /** The learned risk model, when the run scores with it; null: the rules' risk stands. */
  learned: LearnedRiskModel | null;
  profiles: readonly CustomerProfile[];
  /** The stored alert of each customer that has one; updated in place with the day's records. */
  alerts: Map<string, AlertRecord>;
}

/** What a run evaluates every customer with: the day, the settings and the models fitted on everyone. */
export type RunInputs = Pick<StepInput, 'config' | 'asOf' | 'cutoffs' | 'pAliveParams' | 'learned'>;

/**
 * One customer as the run evaluates it (rules, tiers, then the learned risk, with the episode as it was
 * before the day): the run itself, and the notifier when it describes a customer held over from an earlier
 * digest as the day's run found it.
 */
export function runEvaluator(
  run: RunInputs,
): (profile: CustomerProfile, alert: AlertRecord | null) => CustomerEvaluation {
  const { config, asOf, cutoffs, pAliveParams, learned } = run;
  const rules = ruleSet(config);
  return (profile, alert) => {
    const evaluation = evaluateCustomer(profile, { asOf, config, cutoffs, rules, pAliveParams });
    if (!learned) return evaluation;
    return scoredByModel(evaluation, profile, asOf, learned, wasOpenBefore(alert, asOf));
  };
}

/**
 * Evaluates the given customers against cut-offs computed from everyone, and moves each one's alert state
 * one day on: what the whole-table run and a segment's invocation share. Nothing is written here; `writes`
 * are the alert items the day changes (none on a re-run of the same day with the same data).
 */
export async function stepCustomers(input: StepInput): Promise<{
  evaluations: CustomerEvaluation[];
  writes: AlertRecord[];
  /** What the written records start or end in the warning log (none on most days for most customers). */
  warningChanges: WarningLogChange[];
  /** The snooze and closed mark each written record was stepped from, by customer id (see writeDay). */
  marksRead: Map<string, AlertMarks>;
  counts: EvaluationCounts;
}> {
  const { config, asOf, alerts } = input;
  const evaluate = runEvaluator(input);
  let evaluations = input.profiles.map((profile) =>
    evaluate(profile, alerts.get(profile.customerId) ?? null),
  );

  // Names and assigned reps come from master data. An alert keeps them as they were when it was last
  // written, which is all a quiet day needs; master data is read only for the alerts that will be written
  // today (their facts go into a message) and for customers at risk for the first time.
  const periodDays = config.rules.sales_drop.windowDays;
  const asRecorded = (e: CustomerEvaluation): CustomerEvaluation => {
    const state = alerts.get(e.customerId)?.state;
    return state ? { ...e, name: state.facts.name ?? e.name, repId: state.repId ?? e.repId } : e;
  };
  const needMaster = evaluations
    .filter((e) => {
      const stored = alerts.get(e.customerId) ?? null;
      if (stored === null) return e.status === 'at_risk';
      return stepAlert(stored, asRecorded(e), asOf, config, periodDays).kind === 'write';
    })
    .map((e) => e.customerId);
  const masters = await input.customers.readOf(needMaster);
  evaluations = evaluations.map((evaluation) => {
    const master = masters.get(evaluation.customerId);
    if (!master) return alerts.has(evaluation.customerId) ? asRecorded(evaluation) : evaluation;
    return {
      ...evaluation,
      name: master.name ?? evaluation.name ?? null,
      repId: master.repId ?? evaluation.repId,
    };
  });

  const counts: EvaluationCounts = { ...ZERO_COUNTS, customers: evaluations.length };
  const day = formatDay(asOf);
  const writes: AlertRecord[] = [];
  const warningChanges: WarningLogChange[] = [];
  const marksRead = new Map<string, AlertMarks>();
  for (const evaluation of evaluations) {
    if (evaluation.status === 'lost') counts.lost++;
    const stored = alerts.get(evaluation.customerId) ?? null;
    if (stored === null && evaluation.status !== 'at_risk') continue;
    const step = stepAlert(stored, evaluation, asOf, config, periodDays);
    // A shop its rep marked closed is lost, not at risk, whatever its signals say: its warning has ended.
    const closedShop = step.record?.state?.open === false && step.record.state.endedReason === 'lost';
    if (evaluation.status === 'at_risk' && !closedShop) counts.atRisk++;
    if (step.kind === 'later-day-kept') {
      counts.laterDayKept++;
      continue;
    }
    if (step.record === null) continue;
    alerts.set(evaluation.customerId, step.record);
    if (step.kind === 'write') {
      writes.push(step.record);
      marksRead.set(evaluation.customerId, marksOf(stored));
      warningChanges.push(...warningLogChanges(stored, step.record));
    }
    if (step.record.day !== day) continue;
    const { outcome } = step.record;
    if (outcome.section === 'new') counts.newAlerts++;
    if (outcome.section === 'still_at_risk') counts.reminders++;
    if (outcome.section === 'recovered') counts.recovered++;
    if (outcome.escalated) counts.escalated++;
    if (outcome.escalateToManager) counts.managerEscalations++;
  }
  return { evaluations, writes, warningChanges, marksRead, counts };
}

/**
 * Writes a day's outcome: the warning log first, then the alert records. In that order a run that fails
 * between the two is run again from the same records and logs the same changes; the other way round, the
 * re-run would find its records written, change nothing and never log the day's warnings.
 */
export async function writeDay(
  stores: Pick<CycleStores, 'alerts' | 'warningLog'>,
  day: {
    writes: readonly AlertRecord[];
    warningChanges: readonly WarningLogChange[];
    marksRead?: ReadonlyMap<string, AlertMarks>;
  },
): Promise<void> {
  await stores.warningLog.apply(day.warningChanges);
  const writes = day.marksRead
    ? await withMarksSetMeanwhile(stores.alerts, day.writes, day.marksRead)
    : day.writes;
  if (writes.length > 0) await stores.alerts.write(writes);
}

export type { AlertMarks };

const marksOf = (record: AlertRecord | null): AlertMarks => ({
  snoozeUntil: record?.snoozeUntil ?? null,
  closed: record?.closed ?? null,
});

const sameMarks = (a: AlertMarks, b: AlertMarks): boolean =>
  a.snoozeUntil === b.snoozeUntil && a.closed?.day === b.closed?.day && a.closed?.repId === b.closed?.repId;

/**
 * The day's alert items with any snooze or closed mark set since the run read them (a rep's tap on an answer
 * link, `churn-watch snooze`) kept instead of overwritten. The run reads every alert at its start and writes
 * the changed ones minutes later with unconditional batch puts; without this, a "not a real risk" or "shop
 * closed" answered in between would be lost from the record (the answer itself stays in the followups table).
 * Only the few records written today are read again. A snooze is kept only on an episode still open, as
 * stepAlert keeps it; a closed mark always (the next day's step clears it if the shop ordered again).
 */
async function withMarksSetMeanwhile(
  alerts: AlertStore,
  writes: readonly AlertRecord[],
  marksRead: ReadonlyMap<string, AlertMarks>,
): Promise<readonly AlertRecord[]> {
  if (writes.length === 0) return writes;
  const now = await alerts.marksOf(writes.map((record) => record.customerId));
  return writes.map((record) => {
    const marks = now.get(record.customerId);
    const read = marksRead.get(record.customerId);
    if (!marks || !read || sameMarks(marks, read)) return record;
    const patched: AlertRecord = { ...record };
    delete patched.snoozeUntil;
    delete patched.closed;
    if (marks.snoozeUntil !== null && record.state?.open === true) patched.snoozeUntil = marks.snoozeUntil;
    if (marks.closed !== null) patched.closed = marks.closed;
    return patched;
  });
}

/**
 * What the day's run used, for the digests' footer and for anyone asking "why was this flagged"; its
 * existence also marks the day as evaluated (see {@link lastEvaluatedDay}). The tier cut-offs (three keys) and
 * whether visits are tracked are kept with it, so a customer can be evaluated again exactly as the run did
 * (see {@link readRunInputs}).
 */
export async function writeRunRecord(
  runs: RunRecordStore,
  summary: EvaluationRunSummary & { unreadableOmitted?: number },
  inputs?: { cutoffs: TierCutoffs; visitsTracked: boolean },
): Promise<void> {
  await runs.put(summary.asOf, { ...summary, ...inputs });
}

/**
 * The inputs the daily run of `day` evaluated with, from its run record: its settings version, tier
 * cut-offs, BG/NBD parameters and learned model. Null when the day was not evaluated, or by a version that
 * did not keep its cut-offs.
 */
export async function readRunInputs(
  stores: Pick<CycleStores, 'runs' | 'settings' | 'models'>,
  asOf: Day,
  /** The settings the caller already holds: not read again when the run used the same version. */
  current?: { config: ChurnConfig; version: number },
): Promise<(RunInputs & { visitsTracked: boolean }) | null> {
  const Item = await stores.runs.get(formatDay(asOf));
  if (!Item?.cutoffs || typeof Item.configVersion !== 'number') return null;
  const config =
    current?.version === Item.configVersion
      ? current.config
      : await stores.settings.version(Item.configVersion);
  const learnedRisk = Item.learnedRisk as LearnedRiskStatus | undefined;
  const learned =
    learnedRisk?.status === 'applied'
      ? (await modelByDay(stores.models, config, asOf, learnedRisk.modelAsOf)).model
      : null;
  return {
    config,
    asOf,
    cutoffs: Item.cutoffs as TierCutoffs,
    pAliveParams: pAliveParamsOf((Item.pAliveModel as PAliveModel | undefined) ?? null),
    learned,
    visitsTracked: Item.visitsTracked === true,
  };
}
