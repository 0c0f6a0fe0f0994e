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
  const { l2 } = options;
  if (!(l2 > 0) || !Number.isFinite(l2)) throw new RangeError(`l2 must be a positive number, got ${l2}`);
  if (X.length !== y.length) throw new RangeError(`${X.length} rows but ${y.length} labels`);
  const n = X.length;
  if (n === 0) throw new RangeError('fitLogistic needs at least one row');
  const p = (X[0] as FeatureRow).length;
  const featureNames = options.featureNames
    ? [...options.featureNames]
    : Array.from({ length: p }, (_, j) => `x${j}`);
  if (featureNames.length !== p)
    throw new RangeError(`${featureNames.length} feature names for ${p} features`);
  const maxIterations = options.maxIterations ?? 100;

  const { means, scales } = standardisation(X, p);
  // Standardised design, row-major, with missing values at 0 (the mean).
  const Z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = X[i] as FeatureRow;
    for (let j = 0; j < p; j++) {
      const value = row[j] ?? null;
      Z[i * p + j] = value === null ? 0 : (value - (means[j] as number)) / (scales[j] as number);
    }
  }

  // Parameters: intercept at index 0 (not penalised), weights at 1..p.
  const dim = p + 1;
  let beta = new Float64Array(dim);
  let positives = 0;
  for (const label of y) if (label) positives++;
  // Start at the base rate: the first Newton step then only has the features to learn.
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / n));
  beta[0] = Math.log(rate / (1 - rate));

  const linear = (b: Float64Array, i: number): number => {
    let z = b[0] as number;
    for (let j = 0; j < p; j++) z += (b[j + 1] as number) * (Z[i * p + j] as number);
    return z;
  };
  const objective = (b: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < n; i++) loss += logLossOf(linear(b, i), y[i] as boolean);
    let penalty = 0;
    for (let j = 1; j < dim; j++) penalty += (b[j] as number) ** 2;
    return loss / n + (l2 / 2) * penalty;
  };

  let value = objective(beta);
  let iterations = 0;
  let converged = false;
  const gradient = new Float64Array(dim);
  const hessian = new Float64Array(dim * dim);
  while (iterations < maxIterations) {
    iterations++;
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      const prob = sigmoid(linear(beta, i));
      const residual = prob - ((y[i] as boolean) ? 1 : 0);
      const w = prob * (1 - prob);
      gradient[0] = (gradient[0] as number) + residual;
      hessian[0] = (hessian[0] as number) + w;
      for (let j = 0; j < p; j++) {
        const zj = Z[i * p + j] as number;
        if (zj === 0) continue;
        gradient[j + 1] = (gradient[j + 1] as number) + residual * zj;
        const wz = w * zj;
        // Lower triangle only (row > column); it is mirrored below.
        hessian[(j + 1) * dim] = (hessian[(j + 1) * dim] as number) + wz;
        for (let k = 0; k <= j; k++) {
          const at = (j + 1) * dim + (k + 1);
          hessian[at] = (hessian[at] as number) + wz * (Z[i * p + k] as number);
        }
      }
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

  let logLoss = 0;
  for (let i = 0; i < n; i++) logLoss += logLossOf(linear(beta, i), y[i] as boolean);
  return {
    featureNames,
    means,
    scales,
    weights: Array.from(beta.subarray(1), (w) => w + 0),
    intercept: (beta[0] as number) + 0,
    l2,
    iterations,
    converged,
    logLoss: logLoss / n,
  };
}

/** Means and standard deviations over the known values of each column; constant columns get scale 1. */
function standardisation(X: readonly FeatureRow[], p: number): { means: number[]; scales: number[] } {
  const means: number[] = [];
  const scales: number[] = [];
  for (let j = 0; j < p; j++) {
    let count = 0;
    let sum = 0;
    for (let i = 0; i < X.length; i++) {
      const row = X[i] as FeatureRow;
      if (row.length !== p) throw new RangeError(`row ${i} has ${row.length} features, expected ${p}`);
      const value = row[j] ?? null;
      if (value === null) continue;
      if (!Number.isFinite(value))
        throw new RangeError(`row ${i}, feature ${j}: ${value} is not a finite number`);
      count++;
      sum += value;
    }
    const mean = count === 0 ? 0 : sum / count;
    let squares = 0;
    for (const row of X) {
      const value = row[j] ?? null;
      if (value !== null) squares += (value - mean) ** 2;
    }
    const sd = count === 0 ? 0 : Math.sqrt(squares / count);
    means.push(mean);
    // A spread at rounding level is no spread: dividing by it would blow rounding noise up into a feature.
    scales.push(sd > 1e-9 * Math.max(1, Math.abs(mean)) ? sd : 1);
  }
  // A column without spread carries no information; with scale 1 its standardised values are (almost) 0 and
  // the penalty holds its weight at 0.
  return { means, scales };
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
