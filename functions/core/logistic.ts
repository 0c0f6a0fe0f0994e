/**
 * L2-regularised logistic regression, fitted by Newton's method (IRLS). Pure and deterministic: the same rows in the same order give the same
 * model, bit for bit, so a refit that changed nothing in the data changes nothing in the stored model.
 */

/**
 * A fitted model as plain JSON (it is stored in DynamoDB and handed between Lambda steps). Features are
 * standardised with the training means and scales before the weights apply, so the L2 penalty treats a
 * feature measured in days and one measured in probabilities alike.
 */
export interface LogisticModel {
  featureNames: string[];
  /** Training mean of each feature (over the rows where it was known); a missing value is read as this. */
  means: number[];
  /** Training standard deviation of each feature; 1 for a feature that was constant (its weight is then 0). */
  scales: number[];
  /** Weights on the standardised features. */
  weights: number[];
  intercept: number;
}

export interface LogisticFit extends LogisticModel {
  l2: number;
  /** Newton steps taken. */
  iterations: number;
  /** False when the step budget ran out before the weights settled. */
  converged: boolean;
  /** Mean log-loss on the training rows at the fitted weights (without the penalty). */
  logLoss: number;
}

export interface LogisticOptions {
  /**
   * Strength of the penalty on the standardised weights, per row: the fit minimises mean log-loss +
   * l2/2 · |w|². Must be positive: it is what keeps the weights finite when the classes separate.
   */
  l2: number;
  /** Names stored with the model; `x0`, `x1`, … by default. */
  featureNames?: readonly string[];
  /** Newton step budget (default 100). */
  maxIterations?: number;
}

/** A row of features; `null` is a missing value, read as the training mean (so it moves the score by nothing). */
export type FeatureRow = readonly (number | null)[];

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** −log P(label | z), without overflow for large |z|. */
const logLossOf = (z: number, positive: boolean): number =>
  Math.max(z, 0) - (positive ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));

/**
 * Fits P(label) = σ(intercept + Σ wⱼ·(xⱼ − meanⱼ)/scaleⱼ). Constant features get scale 1 and weight 0; missing
 * values are imputed with the feature's mean. Newton steps are halved until the penalised loss falls, which
 * keeps the fit monotone when the data nearly separate.
 *
 * @example
 * const model = fitLogistic([[0], [1], [2], [3]], [false, false, true, true], { l2: 0.01 });
 * predict(model, [3]); // ≈ 0.9
 */
export function fitLogistic(
  X: readonly FeatureRow[],
  y: readonly boolean[],
  options: LogisticOptions,
): LogisticFit {
  checkPenalty(options.l2);
  if (X.length !== y.length) throw new RangeError(`${X.length} rows but ${y.length} labels`);
  if (X.length === 0) throw new RangeError('fitLogistic needs at least one row');
  return fitColumns(featureColumns(X), y, 0, X.length, options);
}

/**
 * {@link fitLogistic} on feature columns (one array per feature, NaN for a missing value), over rows `from` up
 * to `to`: the same model to the last digit as `fitLogistic` on those rows, without a row object per customer
 * (the learned risk fits several variants on parts of the same rows).
 *
 * @example
 * const columns = featureColumns(rows);
 * fitLogisticColumns([columns[0]], labels, 100, rows.length, { l2: 0.01 }); // feature 0, rows 100 on
 */
export function fitLogisticColumns(
  columns: readonly Float64Array[],
  y: readonly boolean[],
  from: number,
  to: number,
  options: LogisticOptions,
): LogisticFit {
  checkPenalty(options.l2);
  if (y.length < to) throw new RangeError(`rows up to ${to} but ${y.length} labels`);
  if (!(to > from)) throw new RangeError('fitLogistic needs at least one row');
  return fitColumns(columns, y, from, to, options);
}

function checkPenalty(l2: number): void {
  if (!(l2 > 0) || !Number.isFinite(l2)) throw new RangeError(`l2 must be a positive number, got ${l2}`);
}

/**
 * The rows as feature columns, NaN for a missing value. Every value must be finite (a row of another length,
 * or NaN or ±∞, throws, naming the first one met column by column).
 */
export function featureColumns(X: readonly FeatureRow[]): Float64Array[] {
  const p = X.length === 0 ? 0 : (X[0] as FeatureRow).length;
  const columns: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const column = new Float64Array(X.length);
    for (let i = 0; i < X.length; i++) {
      const row = X[i] as FeatureRow;
      if (row.length !== p) throw new RangeError(`row ${i} has ${row.length} features, expected ${p}`);
      const value = row[j] ?? null;
      if (value !== null && !Number.isFinite(value))
        throw new RangeError(`row ${i}, feature ${j}: ${value} is not a finite number`);
      column[i] = value === null ? Number.NaN : value;
    }
    columns.push(column);
  }
  return columns;
}

/*
 * The fit works column by column: each sum below runs over the rows in order with the same operations as a
 * row-by-row pass would make, so the result is the same to the last digit, but each loop is a short one over
 * two or three typed arrays, which the JIT compiles early and runs fast: a command fits once, cold.
 */
function fitColumns(
  columns: readonly Float64Array[],
  y: readonly boolean[],
  from: number,
  to: number,
  options: LogisticOptions,
): LogisticFit {
  const { l2 } = options;
  const n = to - from;
  const p = columns.length;
  const featureNames = options.featureNames
    ? [...options.featureNames]
    : Array.from({ length: p }, (_, j) => `x${j}`);
  if (featureNames.length !== p)
    throw new RangeError(`${featureNames.length} feature names for ${p} features`);
  const maxIterations = options.maxIterations ?? 100;

  const labels = new Uint8Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (y[from + i]) {
      labels[i] = 1;
      positives++;
    }
  }
  const means: number[] = [];
  const scales: number[] = [];
  // Standardised columns, with missing values at 0 (the mean).
  const Z: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const { mean, scale } = standardisation(columns[j] as Float64Array, from, to);
    means.push(mean);
    scales.push(scale);
    Z.push(standardised(columns[j] as Float64Array, from, to, mean, scale));
  }

  // Parameters: intercept at index 0 (not penalised), weights at 1..p.
  const dim = p + 1;
  let beta = new Float64Array(dim);
  // Start at the base rate: the first Newton step then only has the features to learn.
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / n));
  beta[0] = Math.log(rate / (1 - rate));

  const scores = new Float64Array(n);
  const objective = (b: Float64Array): number => {
    linearInto(scores, Z, b);
    return meanLogLoss(scores, labels) + (l2 / 2) * penalty(b);
  };

  let value = objective(beta);
  let iterations = 0;
  let converged = false;
  const gradient = new Float64Array(dim);
  const hessian = new Float64Array(dim * dim);
  const residuals = new Float64Array(n);
  const weights = new Float64Array(n);
  while (iterations < maxIterations) {
    iterations++;
    gradient.fill(0);
    hessian.fill(0);
    linearInto(scores, Z, beta);
    newtonWeights(scores, labels, residuals, weights);
    gradient[0] = sum(residuals);
    hessian[0] = sum(weights);
    for (let j = 0; j < p; j++) {
      const zj = Z[j] as Float64Array;
      gradient[j + 1] = sumOfProducts(residuals, zj);
      hessian[(j + 1) * dim] = sumOfProducts(weights, zj);
      // Lower triangle only (row > column); it is mirrored below.
      for (let k = 0; k <= j; k++)
        hessian[(j + 1) * dim + (k + 1)] = weightedProducts(weights, zj, Z[k] as Float64Array);
    }
    for (let j = 0; j < dim; j++) {
      gradient[j] = (gradient[j] as number) / n + (j > 0 ? l2 * (beta[j] as number) : 0);
      for (let k = 0; k <= j; k++) {
        const value = (hessian[j * dim + k] as number) / n + (j === k && j > 0 ? l2 : 0);
        hessian[j * dim + k] = value;
        hessian[k * dim + j] = value;
      }
    }
    // The intercept is not penalised; a tiny ridge keeps the system solvable when every row has w ≈ 0.
    hessian[0] = (hessian[0] as number) + 1e-12;
    const step = solveSymmetric(hessian, gradient, dim);
    let scale = 1;
    const candidate = new Float64Array(dim);
    let candidateValue = Infinity;
    for (let halving = 0; halving < 40; halving++) {
      for (let j = 0; j < dim; j++) candidate[j] = (beta[j] as number) - scale * (step[j] as number);
      candidateValue = objective(candidate);
      if (candidateValue <= value) break;
      scale /= 2;
    }
    let largest = 0;
    for (let j = 0; j < dim; j++) largest = Math.max(largest, Math.abs(scale * (step[j] as number)));
    if (candidateValue > value) {
      // No step of the Newton direction lowers the loss any more: we are at the optimum to rounding.
      converged = true;
      break;
    }
    const improvement = value - candidateValue;
    beta = candidate;
    value = candidateValue;
    if (largest < 1e-10 || improvement <= 1e-15 * Math.max(1, Math.abs(value))) {
      converged = true;
      break;
    }
  }

  linearInto(scores, Z, beta);
  const logLoss = meanLogLoss(scores, labels);
  return {
    featureNames,
    means,
    scales,
    weights: Array.from(beta.subarray(1), (w) => w + 0),
    intercept: (beta[0] as number) + 0,
    l2,
    iterations,
    converged,
    logLoss,
  };
}

/*
 * The fit's loops, each a small function of its own: V8 optimises a small function once and keeps it, where
 * one large function with the loops inline is compiled again and again while it runs (a costly first fit).
 * Each keeps the order of operations of the row-by-row sums it replaces.
 */

/** Each row's intercept + Σ bⱼ₊₁·zⱼ, added up in feature order. */
function linearInto(scores: Float64Array, Z: readonly Float64Array[], b: Float64Array): void {
  scores.fill(b[0] as number);
  for (let j = 0; j < Z.length; j++) addScaled(scores, Z[j] as Float64Array, b[j + 1] as number);
}

function addScaled(into: Float64Array, column: Float64Array, weight: number): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] as number) + weight * (column[i] as number);
}

/** Mean log-loss of the rows' linear scores. */
function meanLogLoss(scores: Float64Array, labels: Uint8Array): number {
  let loss = 0;
  for (let i = 0; i < scores.length; i++) loss += logLossOf(scores[i] as number, labels[i] === 1);
  return loss / scores.length;
}

function penalty(b: Float64Array): number {
  let squares = 0;
  for (let j = 1; j < b.length; j++) squares += (b[j] as number) ** 2;
  return squares;
}

/** Each row's residual (probability − label) and Newton weight (probability × (1 − probability)). */
function newtonWeights(
  scores: Float64Array,
  labels: Uint8Array,
  residuals: Float64Array,
  weights: Float64Array,
): void {
  for (let i = 0; i < scores.length; i++) {
    const prob = sigmoid(scores[i] as number);
    residuals[i] = prob - (labels[i] as number);
    weights[i] = prob * (1 - prob);
  }
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}

/** Σ aᵢ·zᵢ over the rows where z is not 0 (as the row-by-row pass skipped them). */
function sumOfProducts(a: Float64Array, z: Float64Array): number {
  let total = 0;
  for (let i = 0; i < z.length; i++) {
    const value = z[i] as number;
    if (value !== 0) total += (a[i] as number) * value;
  }
  return total;
}

/** Σ wᵢ·zᵢ·z'ᵢ over the rows where z is not 0. */
function weightedProducts(w: Float64Array, z: Float64Array, other: Float64Array): number {
  let total = 0;
  for (let i = 0; i < z.length; i++) {
    const value = z[i] as number;
    if (value !== 0) total += (w[i] as number) * value * (other[i] as number);
  }
  return total;
}

/** A column's rows `from` to `to` as (value − mean) / scale, missing values at 0. */
function standardised(
  column: Float64Array,
  from: number,
  to: number,
  mean: number,
  scale: number,
): Float64Array {
  const z = new Float64Array(to - from);
  for (let i = from; i < to; i++) {
    const value = column[i] as number;
    z[i - from] = Number.isNaN(value) ? 0 : (value - mean) / scale;
  }
  return z;
}

/** Mean and standard deviation of a column's known values in rows `from` to `to`; a constant column gets scale 1. */
function standardisation(column: Float64Array, from: number, to: number): { mean: number; scale: number } {
  let count = 0;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const value = column[i] as number;
    if (Number.isNaN(value)) continue;
    count++;
    sum += value;
  }
  const mean = count === 0 ? 0 : sum / count;
  let squares = 0;
  for (let i = from; i < to; i++) {
    const value = column[i] as number;
    if (!Number.isNaN(value)) squares += (value - mean) ** 2;
  }
  const sd = count === 0 ? 0 : Math.sqrt(squares / count);
  // A spread at rounding level is no spread: dividing by it would blow rounding noise up into a feature. A
  // column without spread carries no information; with scale 1 its standardised values are (almost) 0 and
  // the penalty holds its weight at 0.
  return { mean, scale: sd > 1e-9 * Math.max(1, Math.abs(mean)) ? sd : 1 };
}

/** Solves H·x = g for a symmetric positive definite H (Cholesky); H is n×n, row-major. */
function solveSymmetric(H: Float64Array, g: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = H[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (L[i * n + k] as number) * (L[j * n + k] as number);
      if (i === j) L[i * n + i] = Math.sqrt(Math.max(sum, 1e-300));
      else L[i * n + j] = sum / (L[j * n + j] as number);
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = g[i] as number;
    for (let k = 0; k < i; k++) sum -= (L[i * n + k] as number) * (x[k] as number);
    x[i] = sum / (L[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (L[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (L[i * n + i] as number);
  }
  return x;
}

/**
 * The model's probability for one row of features (in `model.featureNames` order; `null` = missing).
 *
 * @example
 * predict({ featureNames: ['x'], means: [0], scales: [1], weights: [2], intercept: 0 }, [0]); // 0.5
 */
export function predict(model: LogisticModel, features: FeatureRow): number {
  const { means, scales, weights } = model;
  if (features.length !== weights.length) {
    throw new RangeError(`the model takes ${weights.length} features, got ${features.length}`);
  }
  let z = model.intercept;
  for (let j = 0; j < weights.length; j++) {
    const value = features[j] ?? null;
    if (value === null) continue;
    z += (weights[j] as number) * ((value - (means[j] as number)) / (scales[j] as number));
  }
  return sigmoid(z);
}

/**
 * {@link predict} for rows `from` to `to` of feature columns (NaN = missing), the same numbers row by row.
 *
 * @example predictColumns(model, featureColumns(rows), 0, rows.length) // one probability per row
 */
export function predictColumns(
  model: LogisticModel,
  columns: readonly Float64Array[],
  from: number,
  to: number,
): number[] {
  const { means, scales, weights } = model;
  if (columns.length !== weights.length) {
    throw new RangeError(`the model takes ${weights.length} features, got ${columns.length}`);
  }
  const z = new Float64Array(to - from).fill(model.intercept);
  for (let j = 0; j < weights.length; j++) {
    const column = columns[j] as Float64Array;
    const weight = weights[j] as number;
    const mean = means[j] as number;
    const scale = scales[j] as number;
    for (let i = from; i < to; i++) {
      const value = column[i] as number;
      if (Number.isNaN(value)) continue;
      z[i - from] = (z[i - from] as number) + weight * ((value - mean) / scale);
    }
  }
  return Array.from(z, sigmoid);
}

/**
 * The model on the original feature scales: P = σ(intercept + Σ weightsⱼ·xⱼ). For reading a model (which
 * feature pushes risk up, by how much per day or per order), not for scoring: missing values need the means.
 */
export function unstandardised(model: LogisticModel): { intercept: number; weights: number[] } {
  let intercept = model.intercept;
  const weights = model.weights.map((w, j) => {
    const raw = w / (model.scales[j] as number);
    intercept -= raw * (model.means[j] as number);
    return raw;
  });
  return { intercept, weights };
}
