/**
 * Whether a risk reads as a probability: "30%" should mean about 3 in 10 such customers stop. Pure measures of
 * probabilities against what happened (true = the event, e.g. no order within the horizon).
 */

/** One bin of a reliability table: the customers whose risk fell in [from, to). */
export interface ReliabilityBin {
  from: number;
  to: number;
  customers: number;
  /** Mean predicted risk, and the share that actually had the event; null for an empty bin. */
  meanRisk: number | null;
  observed: number | null;
}

function check(risks: readonly number[], outcomes: readonly boolean[]): void {
  if (risks.length !== outcomes.length) {
    throw new RangeError(`${risks.length} risks but ${outcomes.length} outcomes`);
  }
}

/**
 * Mean squared difference between the risk and the outcome (0 perfect; 0.25 is a coin toss at 50%). Null
 * for no customers.
 *
 * @example brierScore([0.9, 0.2], [true, false]) // ((0.1)² + (0.2)²) / 2 = 0.025
 */
export function brierScore(risks: readonly number[], outcomes: readonly boolean[]): number | null {
  check(risks, outcomes);
  if (risks.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < risks.length; i++) {
    const error = (risks[i] as number) - (outcomes[i] ? 1 : 0);
    sum += error * error;
  }
  return sum / risks.length;
}

/**
 * The reliability table: customers in `bins` equal-width risk bins (the last one includes 1), each with its
 * mean risk and the observed rate.
 *
 * @example reliabilityTable([0.05, 0.95], [false, true], 10)[9] // { from: 0.9, to: 1, customers: 1, meanRisk: 0.95, observed: 1 }
 */
export function reliabilityTable(
  risks: readonly number[],
  outcomes: readonly boolean[],
  bins = 10,
): ReliabilityBin[] {
  check(risks, outcomes);
  const sums = Array.from({ length: bins }, () => ({ customers: 0, risk: 0, events: 0 }));
  for (let i = 0; i < risks.length; i++) {
    const risk = risks[i] as number;
    const bin = sums[Math.max(0, Math.min(bins - 1, Math.floor(risk * bins)))] as (typeof sums)[number];
    bin.customers++;
    bin.risk += risk;
    if (outcomes[i]) bin.events++;
  }
  return sums.map((bin, k) => ({
    from: k / bins,
    to: (k + 1) / bins,
    customers: bin.customers,
    meanRisk: bin.customers === 0 ? null : bin.risk / bin.customers,
    observed: bin.customers === 0 ? null : bin.events / bin.customers,
  }));
}

/**
 * Expected calibration error: over equal-width bins, |mean risk − observed rate| weighted by the bin's share
 * of customers (0 perfect). Null for no customers.
 *
 * @example expectedCalibrationError([0.3, 0.3, 0.3], [true, false, false]) // |0.3 − 1/3| ≈ 0.033
 */
export function expectedCalibrationError(
  risks: readonly number[],
  outcomes: readonly boolean[],
  bins = 10,
): number | null {
  if (risks.length === 0) return null;
  let sum = 0;
  for (const bin of reliabilityTable(risks, outcomes, bins)) {
    if (bin.customers === 0) continue;
    sum += bin.customers * Math.abs((bin.meanRisk as number) - (bin.observed as number));
  }
  return sum / risks.length;
}

/**
 * The reliability table by deciles of risk (each row a tenth of the customers, lowest risk first): how the
 * ranking and the calibration look where the customers actually are.
 */
export function reliabilityByDecile(
  risks: readonly number[],
  outcomes: readonly boolean[],
): ReliabilityBin[] {
  check(risks, outcomes);
  const order = risks.map((_, i) => i).sort((a, b) => (risks[a] as number) - (risks[b] as number));
  const rows: ReliabilityBin[] = [];
  for (let k = 0; k < 10; k++) {
    const slice = order.slice(Math.floor((k * order.length) / 10), Math.floor(((k + 1) * order.length) / 10));
    if (slice.length === 0) continue;
    let risk = 0;
    let events = 0;
    for (const i of slice) {
      risk += risks[i] as number;
      if (outcomes[i]) events++;
    }
    rows.push({
      from: risks[slice[0] as number] as number,
      to: risks[slice[slice.length - 1] as number] as number,
      customers: slice.length,
      meanRisk: risk / slice.length,
      observed: events / slice.length,
    });
  }
  return rows;
}
