import { type BgnbdCustomer, type BgnbdParams, fitBgnbd, pAlive } from './bgnbd.ts';

/**
 * The BG/NBD model of one distributor's customers, fitted on everyone's purchase history as of the run's day,
 * for the `low_p_alive` rule. A fit is used only when it can tell customers apart; otherwise the rule is left
 * out of the run and the run says why, and every other rule works as before.
 *
 * The known failure (short histories, everyone still buying): the dropout probability p ~ Beta(a, b)
 * collapses towards 0, and P(alive) comes out near 1 for everyone, so the rule would never fire and its
 * silence would look like good news. The fit itself recognises the collapse and stops early (`degenerate`);
 * the checks below also catch a fit that settled on a dropout too small to be of use.
 */
export type PAliveModel =
  | {
      status: 'ok';
      params: BgnbdParams;
      customers: number;
      repeaters: number;
      /** E[p] = a / (a + b): how likely a customer is to drop out after a purchase. */
      meanDropout: number;
    }
  | {
      status: 'skipped';
      reason: 'too_few' | 'degenerate' | 'not_converged';
      customers: number;
      repeaters: number;
      /** The fitted parameters, when a fit was made. */
      params?: BgnbdParams;
      meanDropout?: number;
      /** For `degenerate`: the 10th percentile of P(alive) among repeat buyers. */
      p10PAlive?: number;
    };

export interface PAliveModelOptions {
  minCustomers: number;
  minRepeaters: number;
}

/** Below this E[p], dropout has collapsed: P(alive) is then close to 1 whatever the silence. */
export const MIN_MEAN_DROPOUT = 0.01;
/** When even the 10th percentile of repeat buyers' P(alive) is above this, the fit cannot rank anyone. */
export const MAX_P10_PALIVE = 0.9;

/** Fits the model on the customers' summaries and checks that it is usable. */
export function fitPAliveModel(
  summaries: readonly BgnbdCustomer[],
  options: PAliveModelOptions,
): PAliveModel {
  const customers = summaries.length;
  const repeaters = summaries.filter((summary) => summary.frequency > 0).length;
  if (customers < options.minCustomers || repeaters < options.minRepeaters) {
    return { status: 'skipped', reason: 'too_few', customers, repeaters };
  }
  // Sorted, so the fit does not depend on the order customers were read in (segments, pages): the same
  // customers give the same model to the last digit, in one process or fanned out.
  const fit = fitBgnbd(
    [...summaries].sort((a, b) => a.frequency - b.frequency || a.recency - b.recency || a.T - b.T),
  );
  const params: BgnbdParams = { r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b };
  const meanDropout = fit.a / (fit.a + fit.b);
  // A fit stopped as degenerate has not converged either, but the reason worth telling is the collapse.
  if (!fit.converged && !fit.degenerate) {
    return { status: 'skipped', reason: 'not_converged', customers, repeaters, params, meanDropout };
  }
  // Computed for a degenerate fit too: the notice quotes both figures.
  const check = collapseCheck(params, summaries);
  const { p10PAlive } = check;
  if (fit.degenerate || check.collapsed) {
    return {
      status: 'skipped',
      reason: 'degenerate',
      customers,
      repeaters,
      params,
      meanDropout,
      p10PAlive,
    };
  }
  return { status: 'ok', params, customers, repeaters, meanDropout };
}

/**
 * Whether a fit has collapsed as it does on short histories where hardly anyone has left: its mean dropout
 * below MIN_MEAN_DROPOUT, or even the 10th percentile of repeat buyers' P(alive) above MAX_P10_PALIVE. Shared by
 * `low_p_alive` and the risk's own BG/NBD fit (bgnbd-risk.ts), so both call the same fit collapsed.
 *
 * @example collapseCheck({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.43 }, summaries).collapsed // false on CDNOW
 */
export function collapseCheck(
  params: BgnbdParams,
  summaries: readonly BgnbdCustomer[],
): { meanDropout: number; p10PAlive: number; collapsed: boolean } {
  const meanDropout = params.a / (params.a + params.b);
  const p10PAlive = percentile(
    summaries.filter((summary) => summary.frequency > 0).map((summary) => pAlive(params, summary)),
    0.1,
  );
  return { meanDropout, p10PAlive, collapsed: meanDropout < MIN_MEAN_DROPOUT || p10PAlive > MAX_P10_PALIVE };
}

function percentile(values: number[], q: number): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 1;
}
