import type { BgnbdParams } from '../bgnbd.ts';
import type { ChurnConfig } from '../config.ts';
import type { Day } from '../days.ts';
import { basicsOf, type CustomerBasics } from '../evaluate.ts';
import type { FeatureRow } from '../logistic.ts';
import type { CustomerProfile } from '../profile.ts';
import { firstIndexOnOrAfter } from '../windows.ts';
import { featureRow, onTheList, riskFacts } from './features.ts';

/** The labelled populations of past days the learned risk trains on. */

/** True when the customer made no purchase in (asOf, asOf + horizonDays]: the event the score predicts. */
export function lapsedWithin(profile: CustomerProfile, asOf: Day, horizonDays: number): boolean {
  const { days, purchases } = profile.orders;
  for (let i = firstIndexOnOrAfter(profile.orders, asOf + 1); i < days.length; i++) {
    if ((days[i] as Day) > asOf + horizonDays) break;
    if (purchases[i] === 1) return false;
  }
  return true;
}

/** The labelled population of one as-of day. */
export interface RiskSnapshot {
  asOf: Day;
  customerIds: string[];
  features: FeatureRow[];
  /** True = no purchase within the horizon after `asOf`; null while the horizon has not fully passed. */
  labels: boolean[] | null;
  /**
   * Whether the row is one the at-risk line is chosen on (onTheList): a repeat customer that bought within
   * LIST_SILENCE_DAYS.
   */
  onTheList: boolean[];
  daysSinceLastPurchase: number[];
}

/** What training needs from the data: the population's features (and labels) as of a day. */
export type SnapshotSource = (asOf: Day) => RiskSnapshot;

export interface ProfileSnapshotOptions {
  config: ChurnConfig;
  horizonDays: number;
  /** The last day the profiles hold data for: labels are known for as-of days up to this minus the horizon. */
  knownThrough: Day;
  /**
   * The BG/NBD parameters the `bgnbdNoPurchase` feature is scored with (bgnbd-risk.ts); none leaves it
   * missing, flagged by `bgnbdUnknown`.
   */
  bgnbd?: BgnbdParams | null;
  /**
   * Leave out customers already silent for `horizonDays` or more (default false). They have lapsed by the
   * label's own definition; backtest.ts leaves them out by default, so a comparison with its figures needs
   * the same population for training and testing.
   */
  excludeSilent?: boolean;
  /**
   * Keep at most about this many customers of each day's population (every k-th in customer id order), so a
   * large distributor's refit stays in a Lambda's memory: a model of a dozen weights learns no better from
   * more. Everyone is still evaluated: tiers need the whole book.
   */
  maxCustomers?: number;
  /**
   * Reps' answers "shop closed": the day each customer was answered closed (the first such answer). A shop
   * closed on or before a snapshot's day is lapsed for certain, whatever its orders say (a last delivery, a
   * clearance). An answer dated after the snapshot's day is not used for it: it was not known that day, and a
   * model must not learn from what the day could not see (see {@link closedShops}).
   */
  closedOn?: ReadonlyMap<string, Day>;
}

/**
 * Snapshots from profiles built once, up to `knownThrough`. Each as-of day gets its own evaluation and tiers,
 * all from facts on or before that day (the evaluator only reads facts up to its as-of day), so a snapshot of
 * an earlier day sees what a run on that day would have seen. The population is every customer with a
 * purchase on or before the day and not already lost: those are the customers a rep's list is about.
 *
 * The profiles must keep RISK_FEATURE_LOOKBACK_DAYS of history before the earliest as-of day asked for (see
 * trainingRetentionDays); a profile pruned closer than that reads as a customer with less history.
 */
export function snapshotsFromProfiles(
  profiles: readonly CustomerProfile[],
  options: ProfileSnapshotOptions,
): SnapshotSource {
  const { config, horizonDays, knownThrough } = options;
  const params = options.bgnbd ?? null;
  // Customer id order: the same data must give the same rows, whatever order the profiles came in.
  const ordered = [...profiles].sort((a, b) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0,
  );
  return (asOf) => {
    const labelled = asOf + horizonDays <= knownThrough;
    const snapshot: RiskSnapshot = {
      asOf,
      customerIds: [],
      features: [],
      labels: labelled ? [] : null,
      onTheList: [],
      daysSinceLastPurchase: [],
    };
    // The rules are not features, so a training day needs only each customer's basics, not an evaluation.
    const population: { profile: CustomerProfile; basics: CustomerBasics; daysSince: number }[] = [];
    for (const profile of ordered) {
      const basics = basicsOf(profile, asOf, config);
      if (basics.lastPurchaseDay === null) continue;
      const daysSince = asOf - basics.lastPurchaseDay;
      if (daysSince > config.atRisk.lostAfterDays) continue;
      if (options.excludeSilent && daysSince >= horizonDays) continue;
      population.push({ profile, basics, daysSince });
    }
    const every = Math.max(1, Math.ceil(population.length / (options.maxCustomers ?? Infinity)));
    for (let i = 0; i < population.length; i += every) {
      const { profile, basics, daysSince } = population[i] as (typeof population)[number];
      const evaluation = { cycleDays: basics.cycle.days, trailingSales: basics.key.trailingSales };
      const facts = riskFacts({ profile, evaluation, asOf, bgnbd: params, horizonDays });
      if (facts === null) continue;
      snapshot.customerIds.push(profile.customerId);
      snapshot.features.push(featureRow(facts));
      snapshot.onTheList.push(onTheList(facts));
      const closed = options.closedOn?.get(profile.customerId);
      snapshot.labels?.push(
        (closed !== undefined && closed <= asOf) || lapsedWithin(profile, asOf, horizonDays),
      );
      snapshot.daysSinceLastPurchase.push(daysSince);
    }
    return snapshot;
  };
}
