import { describe, expect, it } from 'vitest';
import {
  featureColumns,
  type FeatureRow,
  fitLogistic,
  fitLogisticColumns,
  predict,
  predictColumns,
} from '../../functions/core/logistic.ts';

/**
 * A small fixed data set: a trend, a feature missing on every 7th row, a constant feature and a curved one,
 * with labels drawn from a fixed linear congruential sequence (the same rows on every run and machine).
 */
function rows(): { X: FeatureRow[]; y: boolean[] } {
  const X: (number | null)[][] = [];
  const y: boolean[] = [];
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 400; i++) {
    const a = random() * 4 - 2;
    const b = i % 7 === 0 ? null : Math.log1p(random() * 50);
    const d = a * a - random();
    X.push([a, b, 3, d]);
    y.push(random() < 1 / (1 + Math.exp(-(0.8 * a - 0.4 * (b ?? 2) + 0.5 * d))));
  }
  return { X, y };
}

describe('fitLogistic', () => {
  it('gives the stored models of earlier versions to the last digit', () => {
    // Prepare
    const { X, y } = rows();
    // Act
    const fit = fitLogistic(X, y, { l2: 1e-3 });
    // Assess: the figures the row-by-row fit gave; a stored model refitted on unchanged data must not move.
    expect(fit.intercept).toBe(-0.761616308273148);
    expect(fit.weights).toEqual([0.6724030553145818, -0.36486782445526006, 0, 0.4753645113738281]);
    expect(fit.means).toEqual([0.059433869528584184, 2.9471819320478945, 3, 0.7791240402533874]);
    expect(fit.scales).toEqual([1.1252937964504597, 0.8562313649918591, 1, 1.195237356602039]);
    expect(fit.iterations).toBe(5);
    expect(fit.logLoss).toBe(0.5635650010199882);
  });
});

describe('fitLogisticColumns', () => {
  it('fits some rows and features of the columns exactly as fitLogistic fits those rows', () => {
    // Prepare
    const { X, y } = rows();
    const columns = featureColumns(X);
    const keep = [0, 1];
    // Act
    const fromColumns = fitLogisticColumns(
      keep.map((j) => columns[j] as Float64Array),
      y,
      150,
      400,
      { l2: 1e-3 },
    );
    const fromRows = fitLogistic(
      X.slice(150).map((row) => keep.map((j) => row[j] ?? null)),
      y.slice(150),
      { l2: 1e-3 },
    );
    // Assess
    expect(fromColumns).toEqual(fromRows);
  });

  it('refuses a range past the labels, an empty range and a penalty that is not positive', () => {
    const columns = featureColumns([[1], [2]]);
    expect(() => fitLogisticColumns(columns, [true, false], 0, 3, { l2: 1 })).toThrow(RangeError);
    expect(() => fitLogisticColumns(columns, [true, false], 1, 1, { l2: 1 })).toThrow(RangeError);
    expect(() => fitLogisticColumns(columns, [true, false], 0, 2, { l2: 0 })).toThrow(RangeError);
  });
});

describe('featureColumns', () => {
  it('keeps a missing value as NaN and refuses one that is not finite', () => {
    expect(
      featureColumns([
        [1, null],
        [2, 5],
      ]),
    ).toEqual([new Float64Array([1, 2]), new Float64Array([Number.NaN, 5])]);
    expect(() => featureColumns([[1], [Number.POSITIVE_INFINITY]])).toThrow(/row 1, feature 0/);
    expect(() => featureColumns([[1, 2], [3]])).toThrow(/row 1 has 1 features, expected 2/);
  });
});

describe('predictColumns', () => {
  it('gives each row the probability predict gives it, missing values included', () => {
    // Prepare
    const { X, y } = rows();
    const model = fitLogistic(X, y, { l2: 1e-3 });
    // Act
    const scores = predictColumns(model, featureColumns(X), 100, 300);
    // Assess
    expect(scores).toEqual(X.slice(100, 300).map((row) => predict(model, row)));
  });
});
