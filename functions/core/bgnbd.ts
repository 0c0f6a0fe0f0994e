/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat buying, after Fader, Hardie & Lee
 * (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2). Pure: no I/O, no clock, no randomness,
 * so a fit on the same data always gives the same numbers.
 *
 * Each customer is summarised by x (repeat purchases), t_x (time of the last repeat purchase) and T (time since
 * the first purchase), all in the same unit (weeks in the paper). While alive a customer buys at rate λ ~
 * Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 */

/** The four BG/NBD parameters; all must be positive. */
export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer's summary: repeat purchases, time of the last one, and age, all in one time unit. */
export interface BgnbdCustomer {
  frequency: number;
  recency: number;
  T: number;
}

export interface BgnbdFit extends BgnbdParams {
  /** Total log-likelihood at the fitted parameters (natural log, summed over customers). */
  logLikelihood: number;
  /** Nelder–Mead iterations over all restarts. */
  iterations: number;
  /** False when the simplex did not settle: the iteration budget ran out, or the fit was stopped as degenerate. */
  converged: boolean;
  /**
   * True when the dropout collapsed: the likelihood keeps rising as a / (a + b) → 0 (as when nobody in the book
   * has left yet), so it has no maximum worth the name and the fit stopped on the way, within a few dozen
   * iterations. The parameters are then where it stopped; P(alive) from them is close to 1 for everyone.
   */
  degenerate: boolean;
}

export interface BgnbdFitOptions {
  /** Starting point; by default r = 1, a = b = 1 and α matching the average purchase rate. */
  initial?: BgnbdParams;
  /** Iteration budget per Nelder–Mead run (default 4000). */
  maxIterations?: number;
  /** Restarts from the best point found; stops early once a restart no longer improves (default 8). */
  maxRestarts?: number;
  /** Relative tolerance on the mean negative log-likelihood (default 1e-12). */
  tolerance?: number;
  /**
   * How close the simplex's vertices must be, in log-parameter space, to call it settled (default 1e-7: the
   * published estimates to many digits). 1e-4 is parameters within 0.01%, plenty for a probability to rank by.
   */
  pointTolerance?: number;
  /**
   * Parameters held at these values (positive, finite) while the others are fitted, e.g. `{ a: 1, b: 3 }` to
   * fit the purchase rate alone when the free fit's dropout collapses. No wall applies to them.
   */
  fixed?: Partial<BgnbdParams>;
}

// Lanczos approximation, g = 7, n = 9 (the coefficients from Numerical Recipes / Boost): ~15 significant
// digits for positive arguments, which the likelihood needs because it subtracts large log-gammas.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural log of |Γ(x)| for real x (the reflection formula covers x < 1/2); +Infinity at the poles.
 *
 * @example
 * lnGamma(5); // ln 24 ≈ 3.1780538
 */
export function lnGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0.5) {
    // Γ(x)Γ(1−x) = π / sin(πx): keeps the series in the region where it is accurate.
    const s = Math.sin(Math.PI * x);
    if (s === 0) return Infinity;
    return Math.log(Math.PI / Math.abs(s)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Sign of Γ(x) for real x (Γ is negative on (−1,0), (−3,−2), …). */
function gammaSign(x: number): number {
  if (x > 0) return 1;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** ln(e^u + e^v) without overflow or loss when one term is tiny. */
function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  const m = Math.max(u, v);
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/** Plain power series Σ (a)_n (b)_n / (c)_n z^n / n!, summed until the terms stop mattering. */
function hyp2f1Series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  // Near |z| = 1 the terms shrink like z^n n^(a+b−c−1): the cap is generous, the early exit does the work.
  for (let n = 0; n < 1_000_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (term === 0 || (Math.abs(term) <= 1e-16 * Math.abs(sum) && n > 2)) return sum;
  }
  return sum;
}

/**
 * Gaussian hypergeometric function ₂F₁(a, b; c; z) for real parameters and 0 ≤ z < 1 (all BG/NBD needs).
 * For z up to 0.9 the power series converges fast; beyond it uses the z → 1 − z connection formula, whose two
 * series converge fast there, unless c − a − b is (nearly) an integer, where that formula has cancelling poles
 * and the slower direct series is used instead. Negative z is mapped into [0, 1/2) by Pfaff's transformation.
 *
 * @example
 * hyp2f1(1, 1, 2, 0.5); // −ln(1 − 0.5)/0.5 = 2 ln 2 ≈ 1.3862944
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z < 1) || Number.isNaN(z)) return NaN;
  if (c <= 0 && Number.isInteger(c)) return NaN;
  if (z < 0) {
    // Pfaff: ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)), and z/(z−1) ∈ (0, 1).
    return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1));
  }
  const s = c - a - b;
  if (z <= 0.9 || Math.abs(s - Math.round(s)) < 1e-6) return hyp2f1Series(a, b, c, z);
  const w = 1 - z;
  const term = (p: number[], q: number[]): number => {
    // Γ(p₀)Γ(p₁)/(Γ(q₀)Γ(q₁)) in log space with signs: the arguments can be negative here.
    let log = 0;
    let sign = 1;
    for (const v of p) {
      log += lnGamma(v);
      sign *= gammaSign(v);
    }
    for (const v of q) {
      if (v <= 0 && Number.isInteger(v)) return 0; // 1/Γ at a pole is 0
      log -= lnGamma(v);
      sign *= gammaSign(v);
    }
    return sign * Math.exp(log);
  };
  const first = term([c, s], [c - a, c - b]) * hyp2f1Series(a, b, 1 - s, w);
  const second = term([c, -s], [a, b]) * Math.pow(w, s) * hyp2f1Series(c - a, c - b, 1 + s, w);
  return first + second;
}

/**
 * The customers as the likelihood reads them. Customers with the same (x, t_x, T) contribute identically, so
 * each distinct history is kept once with its count. The log-gamma terms of the likelihood depend on x alone,
 * so each history also points at its x among the distinct ones, and those terms are computed once per distinct
 * x instead of once per history (CDNOW: 23 distinct x against 1,016 distinct histories). Likewise ln(α + T) and
 * ln(α + t_x) are taken once per distinct T and t_x (days counted in weeks: a few hundred of each, against
 * thousands of histories), the same numbers a per-history log gives. Histories stay in the order they first
 * appear, so the sum is the one a plain loop over them gives, to the last digit.
 */
interface GroupedCustomers {
  /** Distinct repeat-purchase counts, in order of first appearance. */
  xs: number[];
  /** Per history: its index into xs. */
  xIndex: Int32Array;
  /** Distinct t_x and T values, and per history its index into each. */
  txs: Float64Array;
  txIndex: Int32Array;
  Ts: Float64Array;
  TIndex: Int32Array;
  /** Customers with each history. */
  counts: Float64Array;
  /** Work space for ln(α + t_x) and ln(α + T) of each distinct value, filled by each evaluation. */
  lnAlphaTx: Float64Array;
  lnAlphaT: Float64Array;
}

function groupCustomers(customers: readonly BgnbdCustomer[]): GroupedCustomers {
  // Histories by x, then t_x, then T (numbers as keys: a text key per customer costs more than the fit's
  // first iterations), each numbered in order of first appearance.
  const histories = new Map<number, Map<number, Map<number, number>>>();
  const historyX: number[] = [];
  const historyTx: number[] = [];
  const historyT: number[] = [];
  const historyCounts: number[] = [];
  for (let c = 0; c < customers.length; c++) {
    const { frequency: x, recency: tx, T } = customers[c] as BgnbdCustomer;
    let byTx = histories.get(x);
    if (byTx === undefined) {
      byTx = new Map();
      histories.set(x, byTx);
    }
    let byT = byTx.get(tx);
    if (byT === undefined) {
      byT = new Map();
      byTx.set(tx, byT);
    }
    const known = byT.get(T);
    if (known === undefined) {
      byT.set(T, historyX.length);
      historyX.push(x);
      historyTx.push(tx);
      historyT.push(T);
      historyCounts.push(1);
    } else historyCounts[known] = (historyCounts[known] as number) + 1;
  }
  const size = historyX.length;
  const xs: number[] = [];
  const xIndex = new Int32Array(size);
  const txIndex = new Int32Array(size);
  const TIndex = new Int32Array(size);
  const xIndexOf = new Map<number, number>();
  const txIndexOf = new Map<number, number>();
  const TIndexOf = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    const x = historyX[i] as number;
    let k = xIndexOf.get(x);
    if (k === undefined) {
      k = xs.push(x) - 1;
      xIndexOf.set(x, k);
    }
    xIndex[i] = k;
    txIndex[i] = indexIn(txIndexOf, historyTx[i] as number);
    TIndex[i] = indexIn(TIndexOf, historyT[i] as number);
  }
  return {
    xs,
    xIndex,
    txs: Float64Array.from(txIndexOf.keys()),
    txIndex,
    Ts: Float64Array.from(TIndexOf.keys()),
    TIndex,
    counts: Float64Array.from(historyCounts),
    lnAlphaTx: new Float64Array(txIndexOf.size),
    lnAlphaT: new Float64Array(TIndexOf.size),
  };
}

/** The number of `value` among the distinct values, numbering it next when it is new. */
function indexIn(values: Map<number, number>, value: number): number {
  let k = values.get(value);
  if (k === undefined) {
    k = values.size;
    values.set(value, k);
  }
  return k;
}

function validateCustomer(customer: BgnbdCustomer, index: number): void {
  const { frequency, recency, T } = customer;
  const where = `customer #${index + 1}`;
  if (!Number.isInteger(frequency) || frequency < 0) {
    throw new RangeError(`${where}: frequency must be a whole number ≥ 0 (got ${frequency})`);
  }
  if (!Number.isFinite(recency) || recency < 0) {
    throw new RangeError(`${where}: recency must be a finite number ≥ 0 (got ${recency})`);
  }
  if (!Number.isFinite(T) || T < recency) {
    throw new RangeError(`${where}: T must be finite and ≥ recency (got T=${T}, recency=${recency})`);
  }
}

function groupedLogLikelihood(params: BgnbdParams, customers: GroupedCustomers): number {
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return -Infinity;
  const { xs, txs, Ts, lnAlphaTx, lnAlphaT } = customers;
  // ln of eq. (6) of the paper: A1·A2·(A3 + δ(x>0)·A4), each factor kept in log space because (α+T)^−(r+x)
  // underflows for heavy buyers long before the likelihood itself is negligible. ln A1 + ln A2 and the part of
  // ln A4 before t_x depend on x only: once per distinct x here, rather than three ln Γ per history.
  const lnA12 = new Float64Array(xs.length);
  const lnA4Head = new Float64Array(xs.length);
  termsPerX(params, xs, lnA12, lnA4Head);
  logsOfAlphaPlus(alpha, txs, lnAlphaTx);
  logsOfAlphaPlus(alpha, Ts, lnAlphaT);
  return sumOverHistories(r, customers, lnA12, lnA4Head);
}

/*
 * The likelihood's loops are small functions of their own: V8 compiles a small function quickly and once,
 * where one large one (with ln Γ inlined) took longer to compile than a fit on a few thousand customers runs.
 */

/** ln A1 + ln A2, and ln A4 up to its t_x factor, for each distinct x. */
function termsPerX(
  params: BgnbdParams,
  xs: readonly number[],
  lnA12: Float64Array,
  lnA4Head: Float64Array,
): void {
  const { r, alpha, a, b } = params;
  // Terms that do not depend on the customer are hoisted out of the loop.
  const lnGammaR = lnGamma(r);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const lnGammaAB = lnGamma(a + b);
  const lnGammaB = lnGamma(b);
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k] as number;
    const lnA1 = lnGamma(r + x) - lnGammaR + r * lnAlpha;
    const lnA2 = lnGammaAB + lnGamma(b + x) - lnGammaB - lnGamma(a + b + x);
    lnA12[k] = lnA1 + lnA2;
    lnA4Head[k] = x > 0 ? lnA - Math.log(b + x - 1) : -Infinity;
  }
}

function logsOfAlphaPlus(alpha: number, values: Float64Array, into: Float64Array): void {
  for (let k = 0; k < values.length; k++) into[k] = Math.log(alpha + (values[k] as number));
}

function sumOverHistories(
  r: number,
  customers: GroupedCustomers,
  lnA12: Float64Array,
  lnA4Head: Float64Array,
): number {
  const { xs, xIndex, txIndex, TIndex, counts, lnAlphaTx, lnAlphaT } = customers;
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const k = xIndex[i] as number;
    const x = xs[k] as number;
    const lnA3 = -(r + x) * (lnAlphaT[TIndex[i] as number] as number);
    // Without a repeat purchase A4 is 0 and the sum is A3 alone: logAddExp(lnA3, −∞) is lnA3.
    const lnSum =
      x > 0
        ? logAddExp(lnA3, (lnA4Head[k] as number) - (r + x) * (lnAlphaTx[txIndex[i] as number] as number))
        : lnA3;
    total += (counts[i] as number) * ((lnA12[k] as number) + lnSum);
  }
  return total;
}

/**
 * Total BG/NBD log-likelihood of the customers at the given parameters (eq. 6 of Fader, Hardie & Lee 2005);
 * −Infinity for non-positive parameters.
 *
 * @example
 * bgnbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, [{ frequency: 2, recency: 30.43, T: 38.86 }]);
 */
export function bgnbdLogLikelihood(params: BgnbdParams, customers: readonly BgnbdCustomer[]): number {
  customers.forEach(validateCustomer);
  return groupedLogLikelihood(params, groupCustomers(customers));
}

const MAX_LOG_GAMMA = Math.log(1e5);
const MAX_LOG_BETA = Math.log(1e4);

/** Below this mean dropout a / (a + b), with the signs below, the dropout has collapsed (see `degenerate`). */
const COLLAPSED_DROPOUT = Math.log(1e-4);
/** a this small puts all of Beta(a, b) at p = 0: nobody ever drops out. */
const COLLAPSED_A = Math.log(1e-8);
/** Iterations a collapsing dropout must stay below COLLAPSED_DROPOUT, and halve over, to count as still falling. */
const FALLING_WINDOW = 20;

interface NelderMeadRun {
  point: number[];
  value: number;
  iterations: number;
  converged: boolean;
  /** True when `stop` ended the run. */
  stopped: boolean;
}

/**
 * Derivative-free minimisation; returns the best vertex, its value and the iterations used. `stop` sees the
 * best vertex before each iteration and can end the run.
 */
function nelderMead(
  f: (p: readonly number[]) => number,
  start: readonly number[],
  step: number,
  maxIterations: number,
  tolerance: number,
  stop: (best: readonly number[]) => boolean = () => false,
  pointTolerance = 1e-7,
): NelderMeadRun {
  const n = start.length;
  const simplex: { point: number[]; value: number }[] = [{ point: [...start], value: f(start) }];
  for (let i = 0; i < n; i++) {
    const point = [...start];
    point[i] = (point[i] as number) + step;
    simplex.push({ point, value: f(point) });
  }
  const combine = (p: readonly number[], q: readonly number[], t: number) =>
    p.map((v, i) => v + t * ((q[i] as number) - v));
  let iterations = 0;
  let converged = false;
  let stopped = false;
  while (iterations < maxIterations) {
    // Array.prototype.sort is stable, so ties keep their order and runs stay deterministic.
    simplex.sort((u, v) => u.value - v.value);
    const best = simplex[0] as { point: number[]; value: number };
    const worst = simplex[n] as { point: number[]; value: number };
    const spread = Math.abs(worst.value - best.value);
    const size = Math.max(
      ...simplex
        .slice(1)
        .map((s) => Math.max(...s.point.map((v, i) => Math.abs(v - (best.point[i] as number))))),
    );
    if (spread <= tolerance * (Math.abs(best.value) + 1e-300) && size < pointTolerance) {
      converged = true;
      break;
    }
    // A simplex shrunk to a few units in the last place cannot move any more: what spread is left is the
    // objective's rounding noise (large at the walls, where ln Γ(10⁵ + x) − ln Γ(10⁵) loses digits), and
    // further iterations would only shrink it in place until the budget ran out.
    if (size <= 8 * Number.EPSILON * Math.max(1, ...best.point.map(Math.abs))) {
      converged = true;
      break;
    }
    if (stop(best.point)) {
      stopped = true;
      break;
    }
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++)
        centroid[i] = (centroid[i] as number) + (simplex[k]!.point[i] as number) / n;
    }
    const secondWorst = simplex[n - 1]!.value;
    const reflected = combine(centroid, worst.point, -1);
    const fr = f(reflected);
    if (fr < best.value) {
      const expanded = combine(centroid, worst.point, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { point: expanded, value: fe } : { point: reflected, value: fr };
    } else if (fr < secondWorst) {
      simplex[n] = { point: reflected, value: fr };
    } else {
      const outside = fr < worst.value;
      const contracted = combine(centroid, outside ? reflected : worst.point, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : worst.value)) {
        simplex[n] = { point: contracted, value: fc };
      } else {
        for (let k = 1; k <= n; k++) {
          const point = combine(best.point, simplex[k]!.point, 0.5);
          simplex[k] = { point, value: f(point) };
        }
      }
    }
  }
  simplex.sort((u, v) => u.value - v.value);
  const best = simplex[0] as { point: number[]; value: number };
  return { point: best.point, value: best.value, iterations, converged, stopped };
}

/** ln(a / (a + b)) from ln a and ln b, without overflow at the walls. */
function lnMeanDropout(lnA: number, lnB: number): number {
  return lnA - logAddExp(lnA, lnB);
}

/**
 * True when the dropout has collapsed against a wall: a / (a + b) is tiny and either a is so small that
 * Beta(a, b) puts everything at p = 0, or b has reached its wall. `p` holds ln r, ln α, ln a, ln b.
 */
function dropoutAtWall(p: readonly number[], bFree: boolean): boolean {
  const lnA = p[2] as number;
  const lnB = p[3] as number;
  if (!(lnMeanDropout(lnA, lnB) < COLLAPSED_DROPOUT)) return false;
  return lnA <= COLLAPSED_A || (bFree && lnB >= MAX_LOG_BETA - 0.01);
}

/**
 * The stop rule that recognises a degenerate fit from the best vertex of each iteration (over all restarts):
 * the dropout has collapsed, so the maximum lies at a = 0 and the simplex would walk towards it for the whole
 * budget and every restart. Either sign ends the fit: the mean dropout a / (a + b) is below 10⁻⁴ and pressed
 * against a wall, or it has been below 10⁻⁴ for FALLING_WINDOW iterations and halved over them. A fit with a
 * real dropout, however small, stops falling at its estimate. (Flat ridges that do not collapse the dropout,
 * such as a and b growing together when everyone has the same dropout, are not degenerate: the wall ends them
 * and the answer, a / (a + b), stands.)
 */
function degeneracyWatch(
  toLogParams: (q: readonly number[]) => number[],
  bFree: boolean,
): (best: readonly number[]) => boolean {
  const lnDropouts: number[] = [];
  return (best) => {
    const p = toLogParams(best);
    const lnDropout = lnMeanDropout(p[2] as number, p[3] as number);
    lnDropouts.push(lnDropout);
    if (!(lnDropout < COLLAPSED_DROPOUT)) return false;
    if (dropoutAtWall(p, bFree)) return true;
    // Below the line for the whole window, not just dipping under it: the first steps of every fit cut the
    // dropout steeply, and a fit with a small but real dropout can overshoot below its estimate on the way.
    const window = lnDropouts.slice(-(FALLING_WINDOW + 1));
    const before = window[0] as number;
    return (
      window.length > FALLING_WINDOW &&
      Math.max(...window) < COLLAPSED_DROPOUT &&
      lnDropout < before - Math.LN2
    );
  };
}

const PARAMETERS = ['r', 'alpha', 'a', 'b'] as const;

/**
 * Maximum-likelihood BG/NBD fit. Optimises the logs of the parameters (so they stay positive and the surface is
 * better scaled) with Nelder–Mead, restarted from the best point with a fresh simplex until a restart no longer
 * improves: a single Nelder–Mead run can stall on a collapsed simplex, a restart un-sticks it. A fit whose
 * maximum lies at infinity (see `BgnbdFit.degenerate`) is recognised within a few dozen iterations and stopped
 * there. Parameters named in `options.fixed` are held at their values and only the others are fitted.
 * Deterministic.
 *
 * @example
 * const fit = fitBgnbd([
 *   { frequency: 2, recency: 30.43, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 * ]);
 * fit.r; fit.alpha; fit.a; fit.b; fit.logLikelihood; fit.degenerate;
 * // The purchase rate alone, with the dropout held where a free fit on a larger book put it:
 * fitBgnbd(customers, { fixed: { a: 0.793, b: 2.426 } });
 */
export function fitBgnbd(customers: readonly BgnbdCustomer[], options: BgnbdFitOptions = {}): BgnbdFit {
  if (customers.length === 0) throw new RangeError('fitBgnbd needs at least one customer');
  customers.forEach(validateCustomer);
  const fixed = options.fixed ?? {};
  for (const key of PARAMETERS) {
    const value = fixed[key];
    if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
      throw new RangeError(`fitBgnbd: fixed ${key} must be a positive finite number (got ${value})`);
    }
  }
  const groups = groupCustomers(customers);
  const maxIterations = options.maxIterations ?? 4000;
  const maxRestarts = options.maxRestarts ?? 8;
  const tolerance = options.tolerance ?? 1e-12;
  let sumX = 0;
  let sumT = 0;
  for (const c of customers) {
    sumX += c.frequency;
    sumT += c.T;
  }
  // α is a time scale: starting it at (r / average purchase rate) makes the default start unit-free.
  const r0 = fixed.r ?? 1;
  const initial = options.initial ?? {
    r: r0,
    alpha: Math.max((r0 * sumT) / Math.max(sumX, 1), 1e-6),
    a: 1,
    b: 1,
  };
  const start = PARAMETERS.map((key) => Math.log(fixed[key] ?? initial[key]));
  // Indices (into r, α, a, b) of the parameters being fitted; the optimiser sees only these.
  const free = PARAMETERS.flatMap((key, i) => (fixed[key] === undefined ? [i] : []));
  const toLogParams = (q: readonly number[]): number[] => {
    const p = [...start];
    free.forEach((j, k) => (p[j] = q[k] as number));
    return p;
  };
  // Fixed values are used as given, not through exp(log(v)), so they come back unchanged to the last digit.
  const toParams = (q: readonly number[]): BgnbdParams => {
    const p = toLogParams(q);
    const [r, alpha, a, b] = PARAMETERS.map((key, i) => fixed[key] ?? Math.exp(p[i] as number)) as [
      number,
      number,
      number,
      number,
    ];
    return { r, alpha, a, b };
  };
  const n = customers.length;
  // Mean negative log-likelihood keeps the objective O(1) whatever the number of customers.
  const objective = (q: readonly number[]): number => {
    for (let k = 0; k < q.length; k++) {
      const v = q[k] as number;
      if (!(Math.abs(v) <= 30)) return Infinity; // e^±30: far outside any sensible fit
      // Past these walls a mixing distribution has no spread left: r and α above 10⁵ give everyone the same
      // purchase rate, a and b above 10⁴ the same dropout probability. The likelihood is then flat along a
      // ridge (the two growing together) and the simplex would walk it for its whole budget; the wall ends
      // the walk where the fit already says what it has to say (the rate r / α, the mean dropout a / (a + b)).
      // Fixed parameters are the caller's, and no wall applies to them.
      if (v > ((free[k] as number) < 2 ? MAX_LOG_GAMMA : MAX_LOG_BETA)) return Infinity;
    }
    const ll = groupedLogLikelihood(toParams(q), groups);
    return Number.isFinite(ll) ? -ll / n : Infinity;
  };
  const aFree = fixed.a === undefined;
  const bFree = fixed.b === undefined;
  // With a and b both fixed the dropout is the caller's choice, and cannot collapse.
  const stop = aFree || bFree ? degeneracyWatch(toLogParams, bFree) : undefined;
  let point = free.map((j) => start[j] as number);
  let value = objective(point);
  let iterations = 0;
  let converged = free.length === 0;
  let degenerate = false;
  for (let restart = 0; restart <= maxRestarts && free.length > 0; restart++) {
    const run = nelderMead(
      objective,
      point,
      restart === 0 ? 0.5 : 0.1,
      maxIterations,
      tolerance,
      stop,
      options.pointTolerance,
    );
    iterations += run.iterations;
    const improvement = value - run.value;
    if (run.value <= value) {
      point = run.point;
      value = run.value;
    }
    if (run.stopped) {
      // Degenerate: more iterations or restarts would only walk further towards a = 0.
      degenerate = true;
      break;
    }
    if (restart > 0 && improvement <= tolerance * Math.abs(value) * 10) {
      // A restart that finds nothing better: done. Converged only when its simplex settled too; on a flat
      // ridge it never does, and more restarts would only walk along the ridge at the full budget each.
      converged = run.converged;
      break;
    }
  }
  // A run can also settle at the walls without the watch seeing it happen (it looks before each iteration).
  if (!degenerate && (aFree || bFree) && dropoutAtWall(toLogParams(point), bFree)) degenerate = true;
  const params = toParams(point);
  return {
    ...params,
    logLikelihood: groupedLogLikelihood(params, groups),
    iterations,
    converged,
    degenerate,
  };
}

/**
 * Probability that a customer with this history is still alive at T (eq. 13 of the paper). Exactly 1 for
 * frequency 0: in BG/NBD a customer can only drop out right after a repeat purchase.
 *
 * @example
 * pAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.7266
 */
export function pAlive(params: BgnbdParams, customer: BgnbdCustomer): number {
  if (customer.frequency === 0) return 1;
  return 1 / (1 + Math.exp(lnDeadOdds(params, customer)));
}

/** ln(P(dead) / P(alive)) for a customer with at least one repeat purchase. */
function lnDeadOdds(params: BgnbdParams, customer: BgnbdCustomer): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = customer;
  // Ratio in log space: ((α+T)/(α+t_x))^(r+x) overflows for frequent buyers who stopped long ago.
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** ln(1 + e^z) without overflow for large z or loss for very negative z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Probability that a customer with this history makes no purchase in the next t time units, (T, T + t]:
 * 1 − P(alive) + P(alive)·((α+T)/(α+T+t))^(r+x). A dead customer never buys; a live one buys at a rate whose
 * posterior is Gamma(r + x, α + T), and cannot drop out during a window without purchases (in BG/NBD dropout
 * happens only right after a purchase), so a live customer's window is quiet with the Poisson–gamma
 * probability of no event. Summed in log space, so it stays in [0, 1] (never NaN) for heavy buyers, whose
 * power underflows and whose P(alive) is 0 or 1 to the last digit. 1 for t ≤ 0; 1 − P(alive) for t = ∞.
 *
 * @example
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * pNoPurchaseWithin(params, { frequency: 2, recency: 30.43, T: 38.86 }, 39); // ≈ 0.4454
 * pNoPurchaseWithin(params, { frequency: 0, recency: 0, T: 38.86 }, 39); // ((4.414+38.86)/(4.414+77.86))^0.243 ≈ 0.8554
 */
export function pNoPurchaseWithin(params: BgnbdParams, customer: BgnbdCustomer, t: number): number {
  if (t <= 0) return 1;
  const { r, alpha } = params;
  const { frequency: x, T } = customer;
  // ln ((α+T)/(α+T+t))^(r+x), with log1p so that a short window is not lost to rounding.
  const lnQuiet = -(r + x) * Math.log1p(t / (alpha + T));
  // P(alive) and P(dead) from their log odds, each in log space: 1 − P(alive) would lose every digit of a
  // tiny P(dead), and that is the whole answer for a heavy buyer who has just bought.
  const lnOdds = x === 0 ? -Infinity : lnDeadOdds(params, customer);
  const lnPAlive = -softplus(lnOdds);
  const lnPDead = -softplus(-lnOdds);
  return Math.min(1, Math.max(0, Math.exp(logAddExp(lnPDead, lnPAlive + lnQuiet))));
}

/**
 * Expected purchases in the next t time units for a customer with this history (eq. 10 of the paper).
 *
 * @example
 * conditionalExpectedPurchases(
 *   { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
 *   { frequency: 2, recency: 30.43, T: 38.86 },
 *   39,
 * ); // ≈ 1.226
 */
export function conditionalExpectedPurchases(
  params: BgnbdParams,
  customer: BgnbdCustomer,
  t: number,
): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, T } = customer;
  if (t <= 0) return 0;
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const head = (a + b + x - 1) / (a - 1);
  const tail = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp;
  return head * tail * pAlive(params, customer);
}

/**
 * Expected purchases E[X(t)] of a newly acquired customer in the first t time units (eq. 9 of the paper).
 *
 * @example
 * expectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 78); // ≈ 1.8576
 */
export function expectedPurchases(params: BgnbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  if (t <= 0) return 0;
  const hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp);
}
