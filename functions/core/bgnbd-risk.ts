import { type BgnbdCustomer, type BgnbdParams, fitBgnbd } from './bgnbd.ts';
import { bgnbdSummaryOf } from './bgnbd-summary.ts';
import type { Day } from './days.ts';
import { collapseCheck } from './p-alive-model.ts';
import type { CustomerProfile } from './profile.ts';
import { RISK_FEATURE_LOOKBACK_DAYS } from './risk-training-days.ts';

/**
 * The probability of no order within the horizon from a repeat-buying model that needs no labels: BG/NBD
 * (Fader, Hardie & Lee 2005) fitted on the distributor's own customers. It reads frequency, silence and age
 * together (a weekly shop silent six weeks is more worrying than a quarterly one), and ranks well on every real
 * log tried. It is what the risk falls back on when the history holds too few observed lapses to learn from,
 * and one of the learned model's features when it does not.
 *
 * Its known failure is detected and replaced, never silently used: on short histories where hardly anyone has
 * left yet, the fitted dropout collapses to 0 and the model calls everyone alive, however long their silence.
 * Then the purchase rates are still fitted on the book but the dropout is held at a stated prior
 * (FALLBACK_DROPOUT). With no repeat purchases at all there is nothing to fit either: a stated prior for both.
 */

/** How the parameters were found. */
export type BgnbdRiskBasis =
  /** Maximum likelihood on the book, all four parameters. */
  | 'fitted'
  /** Rates fitted on the book, dropout held at FALLBACK_DROPOUT: the free fit collapsed or did not settle. */
  | 'fixed_dropout'
  /** Too few customers or repeat purchases to fit anything: the stated prior (PRIOR_PARAMS). */
  | 'prior';

export interface BgnbdRiskFit {
  params: BgnbdParams;
  basis: BgnbdRiskBasis;
  /** Customers with a purchase in the lookback window, and those with a repeat purchase in it. */
  customers: number;
  repeaters: number;
}

/**
 * The dropout prior when the free fit collapses: p ~ Beta(1, 9), a 10% chance of leaving after a purchase for
 * a customer with few purchases, falling with each purchase (the posterior's a/(b + x − 1)). A weekly shop
 * silent eight weeks then comes out very likely gone, a monthly one silent eight weeks likely still buying.
 */
export const FALLBACK_DROPOUT = { a: 1, b: 9 } as const;

/**
 * The prior when nothing can be fitted (in weeks): about one order a month (r/α = 1/4.3 a week) with a
 * wide spread of rates (r = 1), and the dropout prior above. Rough by construction, and said to be.
 */
export const PRIOR_PARAMS: BgnbdParams = { r: 1, alpha: 30 / 7, ...FALLBACK_DROPOUT };

/**
 * A probability to rank and flag by needs the parameters to a few digits, not the many the published-estimate
 * tests pin: looser tolerances and fewer restarts shorten a fit that runs on every evaluation.
 */
const RISK_FIT = { tolerance: 1e-9, pointTolerance: 1e-4, maxRestarts: 2 } as const;

/** Fewest customers, and repeat buyers among them, for a fit of the book's own rates. */
export const MIN_FIT_CUSTOMERS = 30;
export const MIN_FIT_REPEATERS = 10;

/**
 * A customer's summary for the risk: purchases in the lookback window only (what the learned features read,
 * so a long-kept profile does not look like a slow buyer). Null without a purchase in it.
 */
export const riskSummaryOf = (profile: CustomerProfile, asOf: Day): BgnbdCustomer | null =>
  bgnbdSummaryOf(profile, asOf, asOf - RISK_FEATURE_LOOKBACK_DAYS);

/**
 * Fits BG/NBD for the risk on the customers' lookback summaries, detecting the collapsed fit and falling back
 * as described above. Deterministic: the summaries are sorted first, so read order does not matter.
 *
 * @example
 * const fit = fitBgnbdRisk(profiles.map((p) => riskSummaryOf(p, asOf)));
 * fit.basis; // 'fitted' | 'fixed_dropout' | 'prior'
 */
export function fitBgnbdRisk(
  summaries: Iterable<BgnbdCustomer | null>,
  /** A fit of nearly the same book to start from (the day's, for a training day's): fewer iterations. */
  near?: BgnbdRiskFit,
): BgnbdRiskFit {
  const known = [...summaries].filter((summary): summary is BgnbdCustomer => summary !== null);
  known.sort((a, b) => a.frequency - b.frequency || a.recency - b.recency || a.T - b.T);
  const customers = known.length;
  let repeaters = 0;
  for (const summary of known) if (summary.frequency > 0) repeaters++;
  if (customers < MIN_FIT_CUSTOMERS || repeaters < MIN_FIT_REPEATERS) {
    return { params: PRIOR_PARAMS, basis: 'prior', customers, repeaters };
  }
  const free = fitBgnbd(known, {
    ...RISK_FIT,
    ...(near?.basis === 'fitted' ? { initial: near.params } : {}),
  });
  const params: BgnbdParams = { r: free.r, alpha: free.alpha, a: free.a, b: free.b };
  if (free.converged && !free.degenerate && !collapseCheck(params, known).collapsed) {
    return { params, basis: 'fitted', customers, repeaters };
  }
  const fixed = fitBgnbd(known, {
    ...RISK_FIT,
    fixed: FALLBACK_DROPOUT,
    ...(near?.basis === 'fixed_dropout' ? { initial: near.params } : {}),
  });
  const rates = { r: fixed.r, alpha: fixed.alpha, ...FALLBACK_DROPOUT };
  if (![rates.r, rates.alpha].every((value) => Number.isFinite(value) && value > 0)) {
    return { params: PRIOR_PARAMS, basis: 'prior', customers, repeaters };
  }
  return { params: rates, basis: 'fixed_dropout', customers, repeaters };
}
